/**
 * The page frame: navigation, the CSS (screen, phone and the A4 print stylesheet), the CSRF token
 * for htmx, and the logout form. Chinese first; every control has a real label; no script is
 * needed to read or act (htmx only makes the filters update in place).
 */
import type { Child } from 'hono/jsx';
import type { Viewer } from './viewer.js';

/** The navigation entries: path, Chinese label, English hint. */
export const NAV: Array<[path: string, zh: string, en: string]> = [
  ['/', '我的待办', 'My duties'],
  ['/overdue', '逾期', 'Overdue'],
  ['/forms', '联络单', 'Forms'],
  ['/notices', '通知', 'Notices'],
  ['/violations', '违规', 'Violations'],
  ['/assessment', '月度考评', 'Assessment'],
  ['/feedback', '信息反馈', 'Feedback'],
  ['/stats', '公示与统计', 'Statistics'],
  ['/calendar', '工作日历', 'Calendar'],
];

const CSS = `
:root{--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--accent:#0b57d0;--warn:#8a1c00;--bg:#fff;--soft:#f3f5f8}
*{box-sizing:border-box}body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5}
header{background:#12355b;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header .brand{font-weight:700}header nav{display:flex;flex-wrap:wrap;gap:.25rem}
header a{color:#fff;text-decoration:none;padding:.25rem .5rem;border-radius:4px}header a[aria-current=page]{background:#fff;color:#12355b}
header a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,a:focus-visible{outline:3px solid #f5b400;outline-offset:2px}
header form{margin-left:auto}main{padding:1rem;max-width:1100px;margin:0 auto}
h1{font-size:1.4rem;margin:.5rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:var(--soft)}.num{text-align:right;font-variant-numeric:tabular-nums}.muted{color:var(--muted)}.warn{color:var(--warn);font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;background:var(--soft);padding:.75rem;border-radius:6px}
.filters label{display:flex;flex-direction:column;font-size:.9rem}input,select,button,textarea{font:inherit;padding:.3rem .5rem}
button{background:var(--accent);color:#fff;border:0;border-radius:4px;cursor:pointer}button.plain{background:transparent;color:#fff;border:1px solid #fff}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem;margin:.5rem 0}.chart svg{max-width:100%;height:auto}
.banner{background:#fff4e5;border:1px solid #f0b45b;padding:.5rem .75rem;border-radius:6px;margin:.5rem 0}
.pager{display:flex;gap:1rem;margin:.5rem 0}
div.wide{overflow-x:auto}div.wide th{white-space:nowrap}
@media (max-width:640px){main{padding:.5rem}th,td{padding:.25rem}table.wide{display:block;overflow-x:auto}}
.print-only{display:none}
@media print{
 @page{size:A4;margin:15mm}
 header,h1,.no-print,.filters{display:none!important}.print-only{display:block}
 body{font-size:11pt}main{max-width:none;padding:0}
 .sheet td,.sheet th{border:1px solid #000}.page-break{break-before:page}
}
.sheet{width:100%;border:2px solid #000}.sheet th{width:8.5em;white-space:nowrap;background:#fff}
.sheet caption{font-size:1.5rem;font-weight:700;letter-spacing:.5em;padding:.5rem}
`;

/** A whole page: `title` (Chinese, with English after a slash where it helps) and its content. */
export function Page(props: { title: string; viewer?: Viewer; path?: string; csrf?: string; children?: Child }) {
  const { viewer, path, csrf } = props;
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · 收到 看板`}</title>
        <style>{CSS}</style>
        {csrf ? <meta name="csrf-token" content={csrf} /> : null}
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/dashboard.js" defer></script>
      </head>
      <body hx-headers={csrf ? JSON.stringify({ 'x-csrf-token': csrf }) : undefined}>
        <header>
          <span class="brand">收到 看板 <span lang="en">Dashboard</span></span>
          {viewer ? (
            <nav aria-label="主导航 Main">
              {NAV.map(([href, zh, en]) => (
                <a href={href} aria-current={href === path ? 'page' : undefined} title={en}>
                  {zh}
                </a>
              ))}
            </nav>
          ) : null}
          {viewer && csrf ? (
            <form method="post" action="/logout">
              <input type="hidden" name="csrf" value={csrf} />
              <span>{viewer.person.name} </span>
              <button class="plain" type="submit">退出 Log out</button>
            </form>
          ) : null}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}
