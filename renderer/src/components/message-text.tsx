import { codeSpans } from '../lib/code-spans.js';
import { Untrusted } from './untrusted-text.js';

/** A message that may carry VM text and `commands` in backticks: inert and bounded, commands as code. */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((p, i) =>
        p.code ? (
          <code key={i}>
            <Untrusted text={p.text} />
          </code>
        ) : (
          <Untrusted key={i} text={p.text} />
        ),
      )}
    </>
  );
}
