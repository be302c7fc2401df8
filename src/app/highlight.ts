// Light syntax highlighting for JavaScript candidates: one pass of a tokenising regex,
// wrapping comments, strings, numbers and keywords in spans (text is escaped by using
// text nodes; no innerHTML).
import { el } from './dom';

const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\b(\d+(?:\.\d+)?)\b|\b(function|return|const|let|var|if|else|for|while|do|of|in|new|class|extends|break|continue|switch|case|default|throw|try|catch|finally|typeof|instanceof|null|undefined|true|false|this|async|await|yield)\b/g;

export function highlightJs(code: string): HTMLElement {
  const pre = el('pre', { className: 'code' });
  const out = el('code', {});
  let at = 0;
  for (const m of code.matchAll(TOKEN)) {
    if (m.index > at) out.append(code.slice(at, m.index));
    const cls = m[1] ? 'tk-com' : m[2] ? 'tk-str' : m[3] ? 'tk-num' : 'tk-kw';
    out.append(el('span', { className: cls }, m[0]));
    at = m.index + m[0].length;
  }
  if (at < code.length) out.append(code.slice(at));
  pre.append(out);
  return pre;
}
