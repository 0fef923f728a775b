// Hostile plans: odd but legal markdown (or a repository's malicious file) shaped to hit the worst case of a parser
// or a rule. Each shape takes a size n; `npm run bench` times each at two sizes, the unit tests check a bounded
// cost on them, the fuzz tests mix them. Deterministic.

const head = '# Plan: Hostile\n\n## Phases\n\n';

export interface Shape {
  name: string;
  /** What grows with n. */
  unit: string;
  /** The two sizes the benchmark compares. */
  sizes: [number, number];
  make(n: number): string;
}

const phases = (n: number, body: (i: number) => string) => {
  let s = head;
  for (let i = 1; i <= n; i++) s += `### Phase ${i}: P${i}\n${body(i)}\n`;
  return s;
};

export const SHAPES: Shape[] = [
  {
    name: 'spilling fences',
    unit: 'phases each followed by a list item opening a fence',
    sizes: [500, 1000],
    make: (n) => phases(n, () => '- ```\n'),
  },
  {
    name: 'long paragraph',
    unit: 'KB of one paragraph',
    sizes: [100, 400],
    make: (n) => `${head}${'a.b_c-d www.e '.repeat(Math.ceil((n * 1024) / 14))}\n`,
  },
  {
    name: 'nested quotes',
    unit: '`>` deep',
    sizes: [2000, 4000],
    make: (n) => `${head}${'>'.repeat(n)} x\n`,
  },
  {
    name: 'nested lists',
    unit: '`- ` deep',
    sizes: [1000, 2000],
    make: (n) => `${head}${'- '.repeat(n)}x\n`,
  },
  {
    name: 'deep phases JSON',
    unit: 'nested arrays',
    sizes: [5000, 10000],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n## Phases (Machine Readable)\n\n\`\`\`json\n${'['.repeat(n)}${']'.repeat(n)}\n\`\`\`\n`,
  },
  {
    name: 'deep invalid phases JSON',
    unit: 'nested arrays, unclosed',
    sizes: [5000, 10000],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n## Phases (Machine Readable)\n\n\`\`\`json\n{"phases": ${'['.repeat(n)}\n\`\`\`\n`,
  },
  {
    name: 'unknown ids',
    unit: 'unknown ids on one Dependencies line',
    sizes: [5000, 10000],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: ${Array.from({ length: n }, (_, i) => `Phase ${i + 100}`).join(', ')}\n`,
  },
  {
    name: 'chain with a map',
    unit: 'phases in a chain, one-line map',
    sizes: [10000, 20000],
    make: (n) => `${phases(n, (i) => `**Dependencies**: ${i === 1 ? 'None' : `Phase ${i - 1}`}\n`)}\n## Dependency Map\n\n\`\`\`\nPhase 1 → Phase 2\n\`\`\`\n`,
  },
  {
    name: 'cycle',
    unit: 'phases in one cycle',
    sizes: [3000, 10000],
    make: (n) => phases(n, (i) => `**Dependencies**: Phase ${i === 1 ? n : i - 1}\n`),
  },
  {
    name: 'map ranges',
    unit: '`Phases a-b` labels in an ASCII map',
    sizes: [20, 40],
    make: (n) => {
      // Two labels of n/2 ranges of 100 phases each, one arrow between them: (50 n)² edges drawn.
      const ranges = Array.from({ length: n }, (_, k) => `${k * 100 + 1}-${k * 100 + 100}`);
      const map = `Phases ${ranges.slice(0, n / 2).join(', ')} ──→ Phases ${ranges.slice(n / 2).join(', ')}\n`;
      return phases(10, (i) => `**Dependencies**: ${i === 1 ? 'None' : `Phase ${i - 1}`}\n`) + `\n## Dependency Map\n\n\`\`\`\n${map}\`\`\`\n`;
    },
  },
  {
    name: 'all previous phases',
    unit: 'phases each depending on all previous',
    sizes: [2000, 4000],
    make: (n) => phases(n, (i) => `**Dependencies**: ${i === 1 ? 'None' : 'All previous phases'}\n`),
  },
  {
    name: 'many findings',
    unit: 'findings (duplicate phases)',
    sizes: [10000, 20000],
    make: (n) => phases(n, () => '**Dependencies**: Phase 0\n').replace(/Phase \d+: P/g, 'Phase 1: P'),
  },
  {
    name: 'metadata lines',
    unit: 'preamble `**Key**: value` lines between code blocks',
    sizes: [5000, 10000],
    make: (n) => `# Plan: M\n\n${Array.from({ length: n }, (_, i) => `**K${i}**: v\n\n\`\`\`\nx\n\`\`\`\n`).join('\n')}\n## Phases\n`,
  },
  {
    name: 'phases JSON entries',
    unit: 'entries in the phases JSON',
    sizes: [10000, 20000],
    make: (n) =>
      `${head}### Phase 1: A\n**Dependencies**: None\n\n## Phases (Machine Readable)\n\n\`\`\`json\n{"phases": [\n${Array.from({ length: n }, (_, i) => `  {"id": "phase_${i}", "title": "T"}`).join(',\n')}\n]}\n\`\`\`\n`,
  },
  {
    name: 'phases JSON numeric ids',
    unit: 'entries of the phases JSON with ids written as numbers',
    sizes: [10000, 20000],
    make: (n) =>
      `${head}### Phase 1: A\n**Dependencies**: None\n\n## Phases (Machine Readable)\n\n\`\`\`json\n{"phases": [\n${Array.from({ length: n }, (_, i) => `  {"id": ${i + 1}, "title": "T${i + 1}"}`).join(',\n')}\n]}\n\`\`\`\n`,
  },
  {
    name: 'map prose between blocks',
    unit: 'lines of prose, each followed by a code block, in the Dependency Map section',
    sizes: [5000, 10000],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n## Dependency Map\n\n${'Phase 1 then\n```\nPhase 1 --> Phase 2\n```\n'.repeat(n)}`,
  },
  {
    name: 'phases JSON against phases',
    unit: 'phases, and entries of the phases JSON that match none of them by id or title',
    sizes: [2000, 4000],
    make: (n) =>
      `${head}## Phases (Machine Readable)\n\n\`\`\`json\n{"phases": [\n${Array.from({ length: n }, (_, i) => `  {"id": "step-${i}", "title": "Title ${i}"}`).join(',\n')}\n]}\n\`\`\`\n\n${Array.from({ length: n }, (_, i) => `### Phase ${i + 1}: Other ${i}\n**Dependencies**: None\n`).join('\n')}`,
  },
  {
    name: 'reference definitions',
    unit: 'headings, each with a link definition under it',
    sizes: [2000, 4000],
    make: (n) => `${head}${Array.from({ length: n }, (_, i) => `#### H${i}\nSee [d${i}].\n\n[d${i}]: https://example.com/${i}\n`).join('\n')}`,
  },
  {
    name: 'spaces in a dependency value',
    unit: 'KB of spaces after an id, then a word',
    sizes: [100, 400],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: 1${' '.repeat(n * 1024)}x\n`,
  },
  {
    name: 'no-break space lines in a dependency value',
    unit: 'lines of ten no-break spaces (not blank for markdown) in the Dependencies paragraph',
    sizes: [15000, 60000],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: Phase 1\n${'\u00a0'.repeat(10).concat('\n').repeat(n)}`,
  },
  {
    name: 'phase ranges',
    unit: 'phases, each naming four ranges of phases',
    sizes: [5000, 10000],
    make: (n) => phases(n, () => '**Dependencies**: Phases 1-2, 3-4, 5-6, 7-8\n'),
  },
];


/**
 * Shapes whose cost is remark's own (micromark's, measured without Plan Author's code): setext headings cost the
 * square of their number, and short lines, link definitions and unclosed link brackets cost far more per byte than
 * prose. Nothing of the model can make them cheaper without reading the markdown differently; the command line's
 * time and memory limits bound them (the benchmark shows where a check is stopped), as the editor's budget does.
 */
export const PARSER_SHAPES: Shape[] = [
  {
    name: 'setext headings',
    unit: 'lines underlined with `=`',
    sizes: [2000, 8000],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n${'a\n=\n'.repeat(n)}`,
  },
  {
    name: 'short lines',
    unit: 'thousand two-character lines of one paragraph',
    sizes: [50, 400],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n${'x\n'.repeat(n * 1000)}`,
  },
  {
    name: 'link definitions',
    unit: 'thousand `[a]: http://x` lines',
    sizes: [10, 80],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n${'[a]: http://x\n'.repeat(n * 1000)}`,
  },
  {
    name: 'unclosed link brackets',
    unit: 'thousand `[a](b ` on one line',
    sizes: [5, 40],
    make: (n) => `${head}### Phase 1: A\n**Dependencies**: None\n\n${'[a](b '.repeat(n * 1000)}\n`,
  },
];
