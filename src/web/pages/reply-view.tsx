/** A chat `Reply` (title, fields, lines) on a page: for pages that show exactly what a chat command answers. */
import type { Reply } from '../../app/deps.js';

export function ReplyView(props: { reply: Reply }) {
  const { reply } = props;
  return (
    <section class="card" aria-label={reply.title ?? ''}>
      {reply.title ? <h2>{reply.title}</h2> : null}
      {reply.fields?.length ? (
        <table><tbody>{reply.fields.map(([k, v]) => <tr><th>{k}</th><td>{v}</td></tr>)}</tbody></table>
      ) : null}
      {reply.lines.map((l) => <p>{l}</p>)}
    </section>
  );
}
