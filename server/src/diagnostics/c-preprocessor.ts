// Diagnostic: c-preprocessor — what the preprocessor could not do: a missing
// include, an #include cycle or nesting past the limit, an unterminated #if,
// a recursive macro, #error, a size or time limit. A problem inside an included
// header is reported at the #include that led to it, naming the header and line.
import type { Diagnostic, DiagnosticDef } from './types.ts';

export const cPreprocessor: DiagnosticDef = {
  code: 'c-preprocessor',
  summary: 'A problem preprocessing the file or a header it includes (missing include, cycle, unterminated #if, limits).',
  run(ctx) {
    const target = ctx.targets[0];
    if (!ctx.c || !target) return [];
    const view = ctx.c.preprocessProblems(target);
    const text = ctx.file.text;
    const out: Diagnostic[] = [];
    for (const p of view.problems) {
      const start = Math.max(0, Math.min(p.mainOffset, text.length));
      const lineEnd = text.indexOf('\n', start);
      const end = lineEnd < 0 ? text.length : lineEnd;
      let message = p.message;
      if (p.file !== 0) {
        const other = view.texts[p.file] ?? '';
        let line = 1;
        for (let i = other.indexOf('\n'); i >= 0 && i < p.offset; i = other.indexOf('\n', i + 1)) line++;
        message = `${view.files[p.file] ?? 'a header'}:${line}: ${p.message}`;
      }
      out.push({ code: 'c-preprocessor', severity: p.severity, message, start, end, related: [], fixes: [] });
    }
    return out;
  },
};
