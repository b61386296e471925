// The guide's later chapters: AI 친구 (the ask box), 관리 (the admin view), API와 CLI, 문제 해결.
import type { GuideSection } from './guide-document.ts';

export const ASK_CHAPTER = 'AI 친구';

export const ASK_SECTIONS: GuideSection[] = [
  {
    id: 'ask',
    title: 'AI 친구에게 물어보기',
    body:
      '검색창 아래의 "AI 친구에게 물어보기" 상자에 질문을 문장으로 입력해 보세요. 까치는 색인된 문서에서 답이 들어 있는 문장을 골라 짧고 친절하게 대답합니다. ' +
      '답의 근거가 된 문장은 원래 문단 안에서 강조되어 보이고, 번호가 붙은 출처를 누르면 그 문서의 해당 부분이 열립니다. ' +
      '기본 방식은 추출형이라 GPU나 언어 모델이 없어도 CPU만으로 동작합니다.',
    keywords: ['질문', '답변', '출처'],
  },
  {
    id: 'no-answer',
    title: '답을 찾지 못했을 때',
    body:
      '문서에 답이 없으면 AI 친구는 지어내지 않고 "문서에서 답을 찾지 못했어요" 라고 솔직하게 말합니다. ' +
      '대신 질문과 가장 가까운 문단들을 출처로 보여 주므로 직접 확인해 볼 수 있습니다. 답마다 확신도가 함께 표시되며, 확신도가 낮을수록 출처를 직접 읽어 보는 것이 좋습니다.',
    keywords: ['확신도', '답 없음', '출처'],
  },
  {
    id: 'llm',
    title: '언어 모델과 함께 쓰기',
    body:
      'KACHI_LLM_BASE_URL, KACHI_LLM_MODEL, KACHI_LLM_API_KEY 환경 변수로 OpenAI 호환 chat completions 주소를 알려 주면 AI 친구가 생성형 방식으로 답합니다. ' +
      'llama.cpp, vLLM, Ollama 같은 로컬 서버나 Upstage Solar 같은 호스팅 서비스를 쓸 수 있습니다. ' +
      '생성형 방식에서도 답은 검색된 문단만을 근거로 만들어지고, 실제로 건네지 않은 문단을 가리키는 출처는 지워집니다. 언어 모델이 응답하지 않으면 추출형 답으로 돌아갑니다.',
    keywords: ['언어 모델', 'LLM', '생성형'],
  },
];

export const ADMIN_CHAPTER = '관리';

export const ADMIN_SECTIONS: GuideSection[] = [
  {
    id: 'admin-login',
    title: '관리 화면에 들어가기',
    body:
      '화면 위쪽의 "관리" 를 누르면 관리 화면이 열립니다. 마스터 키나 관리용 API 키를 입력해 로그인하면 색인 목록과 문서 수, 디스크 크기, 진행 중인 작업을 볼 수 있습니다. ' +
      '입력한 키는 브라우저 탭을 닫으면 사라지는 세션 저장소에만 보관됩니다. 마스터 키 없이 실행한 서버에서는 키 없이 들어갈 수 있지만 API 키 관리는 쓸 수 없습니다.',
    keywords: ['관리', '로그인', '마스터 키'],
  },
  {
    id: 'upload',
    title: '파일 올려서 색인하기',
    body:
      '관리 화면의 "파일 올리기" 에서 색인 이름을 정하고 파일을 고르면 올라가는 진행률이 막대로 표시됩니다. JSON, NDJSON, CSV 파일은 한 항목이나 한 줄이 문서 하나가 됩니다. ' +
      '한글 문서(hwp, hwpx), PDF, 워드(docx), HTML, 텍스트 파일은 문단 단위로 나뉘어 출처와 위치가 붙은 문서가 됩니다. 올린 파일은 작업으로 처리되며, 작업이 끝나면 바로 검색할 수 있습니다.',
    keywords: ['업로드', '한글 문서', 'hwpx'],
  },
  {
    id: 'tasks',
    title: '작업과 작업 상태',
    body:
      '문서 추가, 설정 변경, 색인 삭제처럼 데이터를 바꾸는 요청은 모두 작업(task)이 됩니다. 서버는 작업을 디스크에 먼저 기록한 다음 202 응답을 보내고 차례대로 처리합니다. ' +
      '작업 상태는 enqueued(대기), processing(처리 중), succeeded(성공), failed(실패), canceled(취소) 가운데 하나입니다. 관리 화면의 작업 목록은 저절로 새로 고쳐지며, 실패한 작업은 까닭을 함께 보여 줍니다.',
    keywords: ['작업', '상태', '대기열'],
  },
  {
    id: 'settings',
    title: '색인 설정 바꾸기',
    body:
      '관리 화면의 설정 편집기에서 검색할 필드(searchableAttributes), 필터할 필드(filterableAttributes), 정렬할 필드(sortableAttributes), 동의어, 불용어를 바꿀 수 있습니다. ' +
      '까치만의 korean 항목에서는 형태소 분석, 바이그램, 초성, 자판 변환, 오타 허용을 하나씩 켜고 끕니다. ' +
      '잘못된 값을 저장하면 서버가 보낸 오류 메시지가 편집기 아래에 그대로 나타나므로 무엇을 고쳐야 하는지 알 수 있습니다.',
    keywords: ['설정', '동의어', '불용어'],
  },
  {
    id: 'api-keys',
    title: 'API 키 만들고 폐기하기',
    body:
      '관리 화면의 "API 키" 에서 용도별 키를 만들 수 있습니다. 검색만 하는 웹사이트에는 search 동작만 허용한 키를, 문서를 넣는 프로그램에는 documents.add 를 허용한 키를 주세요. ' +
      '키마다 쓸 수 있는 색인과 만료 날짜를 정할 수 있습니다. 복사 단추로 키 값을 클립보드에 옮기고, 더 이상 쓰지 않는 키는 폐기하면 그 즉시 쓸 수 없게 됩니다.',
    keywords: ['API 키', '권한', '폐기'],
  },
];

export const API_CHAPTER = 'API와 CLI';

export const API_SECTIONS: GuideSection[] = [
  {
    id: 'meilisearch',
    title: 'Meilisearch와 호환되는 API',
    body:
      '까치의 HTTP API는 Meilisearch v1과 호환됩니다. 그래서 meilisearch 공식 npm 클라이언트나 instant-meilisearch 를 고치지 않고 그대로 쓸 수 있습니다. ' +
      '문서는 POST /indexes/색인이름/documents 로 넣고, 검색은 /indexes/색인이름/search 로 합니다. ' +
      '까치가 덧붙인 것은 korean 설정, 점수의 근거를 보여 주는 explain, 그리고 질문에 답하는 /ask 처럼 API를 넓히는 것뿐이며 기존 동작은 바꾸지 않습니다.',
    keywords: ['API', 'Meilisearch', '호환'],
  },
  {
    id: 'cli',
    title: '명령줄에서 쓰기',
    body:
      '서버 없이 터미널에서도 까치를 쓸 수 있습니다. npx kachi index docs.jsonl --index docs 는 파일의 문서를 색인하면서 초당 문서 수와 남은 시간을 보여 줍니다. ' +
      'npx kachi search docs "검색엔진 역사" 는 강조된 결과를 순위대로 출력하고, --explain 을 붙이면 점수가 어떻게 계산되었는지 보여 줍니다. ' +
      'npx kachi stats 는 색인별 문서 수와 크기를, npx kachi demo 는 이 안내서를 샘플 색인으로 넣습니다.',
    keywords: ['CLI', '명령줄', '터미널'],
  },
];

export const TROUBLE_CHAPTER = '문제 해결';

export const TROUBLE_SECTIONS: GuideSection[] = [
  {
    id: 'durability',
    title: '갑자기 꺼져도 데이터는 안전한가요?',
    body:
      '까치는 SQLite 트랜잭션이 디스크에 기록된 뒤에야 쓰기가 끝났다고 응답합니다. ' +
      '역색인은 저장된 세그먼트와 그 뒤에 쓰인 문서로 다시 만들어지므로, 프로세스가 kill -9 로 갑자기 끝나도 응답을 받은 쓰기는 사라지지 않습니다. ' +
      '정전까지 대비하려면 엔진의 durability 옵션을 full 로 두어 커밋할 때마다 fsync 하게 할 수 있습니다.',
    keywords: ['내구성', '복구', 'SQLite'],
  },
  {
    id: 'troubleshooting',
    title: '검색 결과가 이상할 때',
    body:
      '찾고 싶은 문서가 나오지 않으면 먼저 관리 화면의 작업 목록에서 문서 추가 작업이 성공했는지 확인하세요. 필드가 searchableAttributes 에 들어 있지 않으면 그 필드의 글은 검색되지 않습니다. ' +
      '순위가 이상하다면 kachi search 에 --explain 을 붙여 점수의 근거를 살펴보세요. 포트 7700 이 이미 쓰이고 있다면 --http-addr 127.0.0.1:7701 처럼 다른 포트로 실행하면 됩니다.',
    keywords: ['문제 해결', '포트', 'explain'],
  },
];
