/** The console's start line and its refusal to move the clock on the server's database. */
export const TO_CONSOLE = {
  unknownSpeaker: (who: string) =>
    `未知人员 ${who} (unknown person):现在没有发言人,后面的消息不会发出,直到 :as 一个已知的人员ID或姓名。发送 :who 查看全部人员。`,
  noSpeaker: '没有发言人:上一个 :as 的人员不存在,这条消息没有发出。请先 :as <人员ID或姓名>(:who 查看)。(no speaker; message not sent)',
  nowAfterStart: ':now <时间> 只能在第一条消息之前设置时钟;之后请用 :advance <时长>。(the clock can only be set before the first message)',
  consoleStart: (company: string, db: string, shared: boolean) =>
    `收到 Shoudao · ${company} · 控制台演练数据库 ${db}` +
    (shared ? '(这是服务模式的数据库:只按真实时间运行,:advance 不可用)' : '(与服务模式的数据库分开;:advance 写入的未来数据不会进入服务数据库)'),
  advanceRefused:
    ':advance 不可用:本次控制台用的是服务模式的数据库,虚拟时钟会把未来时间的数据写进去。请去掉 --db(默认 data/console.db)或换一个演练数据库。' +
    ' (:advance refused on the server database)',
} as const;

/** What `npm start` (src/main.ts) says about itself: arguments, the start line, stopping. */
export const TO = {
  noArgs: (args: string) =>
    `npm start 不接受参数:${args}\n` +
    '它总是按真实时间运行。要用虚拟时钟演练,请用:npx shoudao console --now 2026-12-01T09:00\n' +
    `npm start takes no arguments (got: ${args}); for a virtual clock use \`npx shoudao console --now …\`.`,
  serverStarted: (company: string, url: string, db: string, platforms: string) =>
    `收到 Shoudao 服务已启动 · ${company} · ${url}(/healthz /metrics)· 数据库 ${db} · 平台:${platforms}`,
  platformState: (s: 'up' | 'down' | 'disabled') => ({ up: '已连接', down: '已配置但不可用', disabled: '未配置' })[s],
  noPlatform:
    '没有配置任何聊天平台(SHOUDAO_SERVE=1):提醒、逾期汇总(工作日 09:00)、月度考评(每月 1 日)和公示照常生成,但没有地方可发,' +
    '会留在数据库的待发队列(outbox)里,配置平台后按收件人所在平台发出;月度考评的 XLSX/CSV 另写入 data/reports/。' +
    ' (No chat platform: digests, assessments and 公示 wait in the outbox until one is configured; report files go to data/reports/.)',
  ...TO_CONSOLE,
} as const;
