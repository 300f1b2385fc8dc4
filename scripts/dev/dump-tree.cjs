const { Parser, Language } = require('web-tree-sitter');
(async () => {
await Parser.init();
const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
const p = new Parser(); p.setLanguage(lang);
const src = require('fs').readFileSync(process.argv[2], 'utf8');
const t = p.parse(src);
function pr(n, d, field) { 
  const txt = n.childCount === 0 ? ' ' + JSON.stringify(n.text) : '';
  console.log('  '.repeat(d) + (field ? field + ': ' : '') + n.type + (n.isNamed ? '' : '(anon)') + txt);
  for (let i = 0; i < n.childCount; i++) pr(n.child(i), d + 1, n.fieldNameForChild(i));
}
pr(t.rootNode, 0);
})();
