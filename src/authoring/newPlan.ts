// The pure parts of "New Plan…" and "Insert Plan Template": the next file number in a plans folder, the slug of a
// title, the template with what is already known filled in, and the template as a snippet whose tab stops are the
// remaining placeholders. No `vscode` import.

/** A plan file name: a number, a dash, a name, `.md` (`0007-csv-export.md`, `42-csv-export.md`). */
const PLAN_FILE = /^(\d+)-[^/\\]*\.md$/i;

/** The number of a plan file name, or undefined for anything else (`README.md`, `notes.md`, a folder). */
export function planNumberOf(name: string): { value: number; text: string } | undefined {
  const m = PLAN_FILE.exec(name);
  return m ? { value: Number(m[1]), text: m[1] } : undefined;
}

/**
 * The number of the next plan in a folder holding `existingNames`, written in the style the folder uses:
 * - numbers written with leading zeros (`0007-…`) make the folder zero-padded, to the widest such number;
 * - otherwise numbers are written plainly (`42-…` → `43`);
 * - a folder without plan files starts at `0001`.
 * The next number is one more than the highest, whatever gaps lie below it. Names that are not `<digits>-….md`
 * are ignored.
 */
export function nextNumber(existingNames: Iterable<string>): string {
  let max = 0;
  let padded = 0;
  let any = false;
  for (const name of existingNames) {
    const n = planNumberOf(name);
    if (!n) continue;
    any = true;
    max = Math.max(max, n.value);
    if (n.text.length > 1 && n.text.startsWith('0')) padded = Math.max(padded, n.text.length);
  }
  if (!any) return '0001';
  return String(max + 1).padStart(padded, '0');
}

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ð: 'd', Ð: 'd', ı: 'i',
};

/**
 * The file-name part of a title: lowercase ASCII letters and digits, diacritics stripped (`Über` → `uber`), every
 * other run of characters one `-`, no dash at either end, at most `max` characters, cut at a word boundary when the
 * title is longer (a single word longer than `max` is cut inside). Empty when the title has no ASCII letter or digit.
 */
export function slugify(title: string, max = 40): string {
  const ascii = title
    .replace(/[ßæÆœŒøØđĐłŁþÞðÐı]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  let slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.lastIndexOf('-', max);
  slug = cut > 0 ? slug.slice(0, cut) : slug.slice(0, max);
  return slug.replace(/-+$/, '');
}

/** `0007-csv-export.md`; a title with no usable characters gives `0007-plan.md`. */
export function planFileName(number: string, title: string): string {
  return `${number}-${slugify(title) || 'plan'}.md`;
}

export interface TemplateValues {
  /** Replaces the placeholder of the `#` title line. */
  title?: string;
  /** Replaces the value of a `**ID**:` metadata line. */
  id?: string;
  /** `YYYY-MM-DD`; fills the `[YYYY-MM-DD]` of the `**Created**:` / `**Updated**:` / `**ID**:` metadata lines. */
  date?: string;
  /** Markdown for the specification, e.g. `[codev/specs/0007-x.md](../specs/0007-x.md)`; replaces the placeholder of the `**Specification**:` line. */
  specLink?: string;
}

const FIELD = /^(\s*(?:[-*+]\s+)?(?:\*\*|__)([^*_\n]+?)(?:\*\*|__)\s*:\s*)(.*)$/;

/**
 * The template with what New Plan knows filled in. Only the title line and the metadata fields are touched, so that a
 * `**Date**:` of an expert review or a change-log row stays a placeholder for the author. Everything else is kept.
 */
export function fillTemplate(template: string, values: TemplateValues): string {
  const lines = template.split('\n');
  let titleDone = false;
  return lines
    .map((line) => {
      if (!titleDone && /^#\s/.test(line)) {
        titleDone = true;
        if (values.title === undefined) return line;
        PLACEHOLDER.lastIndex = 0;
        const m = PLACEHOLDER.exec(line);
        return m ? line.slice(0, m.index) + values.title + line.slice(m.index + m[0].length) : line;
      }
      const f = FIELD.exec(line);
      if (!f) return line;
      const key = f[2].trim().toLowerCase();
      let value = f[3];
      if (key === 'id' && values.id !== undefined) value = values.id;
      else if ((key === 'id' || key === 'created' || key === 'updated' || key === 'last updated') && values.date !== undefined) {
        value = value.replace(/\[YYYY-MM-DD\]/g, values.date);
      } else if ((key === 'specification' || key === 'spec') && values.specLink !== undefined) {
        PLACEHOLDER.lastIndex = 0;
        value = PLACEHOLDER.test(value) ? value.replace(PLACEHOLDER, () => values.specLink!) : value;
      } else return line;
      return f[1] + value;
    })
    .join('\n');
}

/**
 * Bracketed text that is not a link, an image, a checkbox or a footnote: the same rule as the placeholder check
 * (`PLACEHOLDER` in src/model/presets.ts; a unit test keeps the two in step).
 */
export const PLACEHOLDER = /(?<![!\]\\])\[([^\[\]\n]{2,120})\](?![(\[:])/g;

/** Escapes text for a VS Code snippet: `$`, `}` and `\` lose their meaning. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

const JSON_TITLE = /"id"\s*:\s*"phase[_-]?(\d+(?:\.\d+)?[a-z]?)"\s*,\s*"title"\s*:\s*"$/i;
const HEADING_TITLE = /^#{2,6}[ \t]+phase[ \t]+(\d+(?:\.\d+)?[a-z]?)[ \t]*[:.\-–—][ \t]*$/i;

/** The phase whose title a placeholder is (in a phases-JSON entry or a phase heading), given the text before it on its line. */
function phaseTitleOf(before: string): string | undefined {
  const m = JSON_TITLE.exec(before) ?? HEADING_TITLE.exec(before);
  return m?.[1].toLowerCase();
}

/**
 * The text as a snippet: each remaining `[Placeholder]` becomes a tab stop `${n:[Placeholder]}`, numbered in reading
 * order (each occurrence its own stop, so two phases named `[Descriptive Name]` are typed separately); all other text
 * is escaped. Inserted with `insertSnippet`, the cursor lands on the first placeholder and Tab moves through the rest.
 * A phase's title in the phases JSON and in its heading are one tab stop, typed once for both.
 */
export function toSnippet(text: string): string {
  let n = 0;
  let out = '';
  let last = 0;
  const byPhase = new Map<string, { stop: number; placeholder: string }>();
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) {
    if (/^[ xX]$/.test(m[1]) || m[1].startsWith('^')) continue; // a checkbox, a footnote
    out += escapeSnippet(text.slice(last, m.index));
    const phase = phaseTitleOf(text.slice(text.lastIndexOf('\n', m.index - 1) + 1, m.index));
    const linked = phase !== undefined ? byPhase.get(phase) : undefined;
    if (linked && linked.placeholder === m[0]) {
      out += `\${${linked.stop}:${escapeSnippet(m[0])}}`;
    } else {
      out += `\${${++n}:${escapeSnippet(m[0])}}`;
      if (phase !== undefined && !linked) byPhase.set(phase, { stop: n, placeholder: m[0] });
    }
    last = m.index + m[0].length;
  }
  return out + escapeSnippet(text.slice(last));
}

/** Today as `YYYY-MM-DD` in local time. */
export function localDate(d = new Date()): string {
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The spec file with the plan's number among `specNames` (`0007-x.md` matches `0007`, `7` and `007`). */
export function findSpec(number: string, specNames: Iterable<string>): string | undefined {
  const value = Number(number);
  const hits: string[] = [];
  for (const name of specNames) if (planNumberOf(name)?.value === value) hits.push(name);
  // Prefer the spelling of the plan's own number, then the first by name.
  return hits.sort((a, b) => Number(!a.startsWith(`${number}-`)) - Number(!b.startsWith(`${number}-`)) || a.localeCompare(b))[0];
}

/** A relative markdown link from a plan to its spec: `[codev/specs/0007-x.md](../specs/0007-x.md)`. */
export function specLinkMarkdown(label: string, relativePath: string): string {
  return `[${label}](${relativePath.split('/').map(encodeURIComponent).join('/')})`;
}

/**
 * `planAuthor.plansFolder` as a POSIX path relative to the workspace folder at `folderPath` ('.' for the folder
 * itself), or undefined when it leads outside it (`..` past the top, or an absolute path elsewhere): a workspace's
 * settings must not make New Plan write outside the workspace.
 */
export function plansFolderInside(raw: string, folderPath: string): string | undefined {
  let p = raw.replace(/\\/g, '/').trim();
  const root = folderPath.replace(/\\/g, '/').replace(/\/+$/, '');
  if (/^(\/|[a-zA-Z]:\/)/.test(p) || /^[a-zA-Z]:$/.test(p)) {
    const norm = (s: string) => {
      const t = s.replace(/^\/(?=[a-zA-Z]:)/, '');
      return /^[a-zA-Z]:/.test(t) ? t.toLowerCase() : t;
    };
    const a = norm(p);
    const b = norm(root);
    if (a !== b && !a.startsWith(`${b}/`)) return undefined;
    p = p.slice(p.length - (a.length - b.length));
  }
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.length ? out.join('/') : '.';
}
