// The shape of one page of Kachi's Korean user guide, the sample index that `kachi demo` and the web UI load.

/** A section as written in the chapter files. (Type aliases, not interfaces, so they are plain JSON documents.) */
export type GuideSection = {
  /** Stable, URL-safe id, e.g. `chosung`. */
  id: string;
  title: string;
  body: string;
  keywords: string[];
};

/** A section as indexed: `kachi-guide.ts` adds its chapter (a facet) and its place in the guide (a sort). */
export type GuideDocument = GuideSection & {
  /** `시작하기`, `검색하기`, … */
  chapter: string;
  /** 1 for the first section of the guide. */
  order: number;
};
