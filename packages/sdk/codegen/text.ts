// Small text helpers shared by the emitters.

export const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

export const camel = (name: string) => {
  const p = pascal(name);
  return p[0]!.toLowerCase() + p.slice(1);
};

export const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** A union of type texts, each once. */
export const union = (types: string[]) => [...new Set(types)].join(' | ');

/** Parenthesised when it is a union, so `[]` applies to all of it. */
export const wrap = (type: string) => (type.includes(' | ') ? `(${type})` : type);

export const isIdentifier = (name: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);

/** A JSDoc block at the given indentation, lines wrapped near 100 characters. */
export function jsDoc(paragraphs: (string | undefined)[], indent = ''): string {
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    if (!paragraph) continue;
    if (lines.length > 0) lines.push('');
    // A line break inside a paragraph is kept (one @param per line); each line is wrapped on its own.
    for (const text of paragraph.replace(/\*\//g, '*\\/').split('\n')) {
      let line = '';
      for (const word of text.split(/\s+/).filter(Boolean)) {
        if (line && line.length + word.length + 1 > 100) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      if (line) lines.push(line);
    }
  }
  if (lines.length === 0) return '';
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l ? ` ${l}` : ''}`).join('\n')}\n${indent} */\n`;
}
