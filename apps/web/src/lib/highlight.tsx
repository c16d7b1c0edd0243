import { Fragment, type ReactNode } from 'react';

/**
 * Search highlights come as text with <em>…</em> around the hits. The markers are split out and the rest stays
 * text, so nothing from the API is ever parsed as HTML (any other tag shows literally, escaped by React).
 */
export function Highlight({ text }: { text: string | null | undefined }): ReactNode {
  if (!text) return null;
  const out: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest.length) {
    const open = rest.indexOf('<em>');
    if (open < 0) break;
    const close = rest.indexOf('</em>', open + 4);
    if (close < 0) break;
    if (open > 0) out.push(<Fragment key={key++}>{rest.slice(0, open)}</Fragment>);
    out.push(
      <mark key={key++} className="hit">
        {rest.slice(open + 4, close)}
      </mark>,
    );
    rest = rest.slice(close + 5);
  }
  if (rest) out.push(<Fragment key={key++}>{rest}</Fragment>);
  return <>{out}</>;
}
