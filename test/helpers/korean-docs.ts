// A small Korean corpus made by the tests themselves: books with a genre, a year and a price.
export interface Book {
  [field: string]: string | number | string[];
  id: number;
  title: string;
  overview: string;
  genre: string;
  year: number;
  price: number;
  tags: string[];
}

export const BOOKS: Book[] = [
  { id: 1, title: '검색엔진 만들기', overview: '역색인과 형태소 분석으로 한국어 검색엔진을 만드는 법', genre: '기술', year: 2021, price: 32000, tags: ['검색', '개발'] },
  { id: 2, title: '까치의 노래', overview: '아침마다 까치가 우는 마을 이야기', genre: '소설', year: 2018, price: 14000, tags: ['새', '마을'] },
  { id: 3, title: '한국어 형태소 분석 입문', overview: '조사와 어미를 나누는 형태소 분석기의 원리', genre: '기술', year: 2019, price: 28000, tags: ['언어', '개발'] },
  { id: 4, title: '서울의 밤', overview: '서울 골목의 밤 풍경을 그린 소설', genre: '소설', year: 2020, price: 15000, tags: ['도시'] },
  { id: 5, title: '데이터베이스 설계', overview: '관계형 데이터베이스와 색인 설계', genre: '기술', year: 2017, price: 30000, tags: ['개발', '데이터'] },
  { id: 6, title: '바다와 까치', overview: '바닷가 마을에 사는 까치와 어부의 우정', genre: '동화', year: 2022, price: 12000, tags: ['새', '바다'] },
  { id: 7, title: '검색의 역사', overview: '도서관 목록부터 웹 검색까지 검색의 역사', genre: '역사', year: 2016, price: 22000, tags: ['검색'] },
  { id: 8, title: '제주 여행', overview: '제주도의 바다와 오름을 걷는 여행기', genre: '여행', year: 2023, price: 18000, tags: ['바다', '여행'] },
];
