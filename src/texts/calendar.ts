/**
 * Sentences of the work calendar: the statutory-only warning (start-up, 总经办's digest),
 * `shoudao calendar import` and `shoudao calendar show`. Chinese first; nothing here decides.
 */
import type { CalendarDay } from '../domain/calendar.js';

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** `08:00` of a minute of day. */
const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const KIND: Record<CalendarDay['kind'], string> = {
  workday: '工作日',
  weekend: '周末',
  holiday: '节假日',
  adjusted_workday: '调休上班',
  statutory: '法定节假日(推算)',
  statutory_makeup: '补假(推算)',
  policy_holiday: '放假(policy.yaml)',
  policy_workday: '上班(policy.yaml)',
  always: '全天',
};

export const TCAL = {
  weekday: (d: number) => WEEKDAYS[d] ?? '',
  statutoryOnly: (years: number[]) => {
    const y = years.join('、');
    return (
      `工作日历:${y} 年尚无国务院放假安排,目前只计法定节假日(元旦、春节、清明、劳动节、端午、中秋、国庆及补假),` +
      `不含调休上班和连休;公布后请运行 npx shoudao calendar import <通知.txt> 导入。 ` +
      `Work calendar: ${y} has only the statutory holidays, no bridging days or 调休 workdays yet; ` +
      'import the State Council notice with `npx shoudao calendar import <notice.txt>` once published.'
    );
  },

  // ── calendar show ─────────────────────────────────────────────────────────
  showTitle: (month: string, source: string) => `工作日历 ${month}(${source})`,
  source: { official: '国务院放假安排', statutory: '仅法定节假日,调休未知', none: '不使用节假日日历' } as Record<string, string>,
  showDay: (day: CalendarDay) => {
    const hours = day.hours.length ? day.hours.map(([a, b]) => `${hm(a)}-${hm(b)}`).join(' ') : '—';
    return `${day.date} ${TCAL.weekday(day.weekday)}  ${KIND[day.kind]}${day.name ? ` ${day.name}` : ''}  ${hours}`;
  },
  showTotal: (workdays: number, minutes: number) => `工作日 ${workdays} 天,工作时间合计 ${Math.floor(minutes / 60)} 小时${minutes % 60 ? `${minutes % 60} 分钟` : ''}。`,
  badMonth: (text: string) => `月份无效:${text}。请写成 YYYY-MM,例如 2027-01。`,

  // ── calendar import ───────────────────────────────────────────────────────
  importTitle: (year: number) => `${year} 年放假安排(将写入 working_time.holidays / workdays,并把 ${year} 加入 official_years):`,
  importFestival: (name: string, off: string[], on: string[]) =>
    `· ${name}:放假 ${off.length} 天 ${off.join('、')}${on.length ? `;调休上班 ${on.join('、')}` : ''}`,
  importTotals: (off: number, on: number) => `合计放假 ${off} 天,调休上班 ${on} 天。`,
  importKept: (dates: string[]) => `policy.yaml 中另有该年的公司自定日期,保留:${dates.join('、')}`,
  importStatutoryMissing: (dates: string[]) => `注意:以下法定节假日不在通知的放假日期中,请核对原文:${dates.join('、')}`,
  importWritten: (file: string) => `已写入 ${file}。重启机器人后生效。`,
  importDryRun: '(--dry-run:未写入)',
  importConfirm: (file: string) => `写入 ${file}?输入 y 确认:`,
  importNeedsYes: (file: string) => `未写入 ${file}:非交互运行时请加 --yes 确认写入。`,
  importCancelled: '已取消,未写入。',
  importAlways: 'policy.yaml 的 working_time 为 always(全天候,不看日历),导入放假安排没有意义;请先改为工作时段。',
  importRefused: (file: string, n: number) => `无法完整读取 ${file},未写入(${n} 处问题):`,
  importProblem: (line: number, text: string, expected: string) =>
    line > 0 ? `第 ${line} 行「${text}」:${expected}` : `${text ? `${text}:` : ''}${expected}`,
} as const;

/** What the notice parser expected, by problem (the line and its text are added by the caller). */
export const TNOTICE = {
  noYear: '找不到年份:应有标题「国务院办公厅关于YYYY年部分节假日安排的通知」或「现将YYYY年……通知如下」',
  noItems: '找不到放假安排条目,应为「一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。」这样的行',
  badItem: '应为「序号、节日:M月D日(周X)[至[M月]D日(周X)]放假[调休],共N天。[M月D日(周X)[、M月D日(周X)]上班。]」',
  unknownFestival: (name: string) => `不认识的节日「${name}」,应为 元旦、春节、清明节、劳动节、端午节、中秋节、国庆节 之一`,
  badHoliday: (sentence: string) => `无法读取「${sentence}」,应为「M月D日(周X)至D日(周X)放假调休,共N天」或「M月D日(周X)放假1天,不调休」`,
  badWorkdays: (sentence: string) => `无法读取「${sentence}」,应为「M月D日(周X)、M月D日(周X)上班」`,
  badDate: (text: string) => `「${text}」不是有效日期`,
  wrongWeekday: (date: string, said: string, real: string) => `${date} 是${real},原文写的是${said}`,
  wrongCount: (said: number, real: number) => `写的是共 ${said} 天,但日期范围是 ${real} 天`,
  endBeforeStart: '结束日期早于开始日期',
  stray: '这一行像是放假安排,但不在「一、……」这样的条目里',
  missingFestival: (names: string[]) => `缺少节日:${names.join('、')}(每年的通知都包含全部七个节日)`,
  both: (date: string) => `${date} 既是放假日又是上班日`,
  repeated: (date: string) => `${date} 出现了两次`,
} as const;
