// The folder is the process (VS Code's code-layering idea): each layer may import
// only from the layers listed here. Node built-ins and 'electron' are layers too.
import path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '..');
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Layer of a repo-relative file path, or null when unconstrained. */
function layerOf(rel) {
  if (rel.startsWith('main/common/')) return 'common';
  if (rel.startsWith('main/preload/')) return 'preload';
  if (rel.startsWith('main/')) return 'main';
  if (rel.startsWith('renderer/')) return 'renderer';
  return null;
}

// What each layer may import. 'packages' = npm packages (not node built-ins, not electron).
const ALLOWED = {
  common: { layers: ['common'], packages: ['zod'], node: false, electron: false },
  renderer: { layers: ['renderer', 'common'], packages: 'any', node: false, electron: false },
  preload: { layers: ['preload', 'common'], packages: [], node: false, electron: true },
  main: { layers: ['main', 'common', 'preload'], packages: 'any', node: true, electron: true },
};

export default {
  rules: {
    'code-layering': {
      meta: {
        type: 'problem',
        docs: { description: 'enforce the process boundary between main/common, main, preload and renderer' },
        schema: [],
      },
      create(context) {
        const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
        const from = layerOf(file);
        if (!from) return {};
        const rule = ALLOWED[from];
        const check = (node, spec) => {
          if (typeof spec !== 'string') return;
          const report = (why) =>
            context.report({ node, message: `Bad layering: ${from} may not import '${spec}' (${why})` });
          if (spec.startsWith('.') || spec.startsWith('/')) {
            const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), spec)).split(path.sep).join('/');
            const to = layerOf(target + '/') ?? layerOf(target);
            if (!to || !rule.layers.includes(to)) report(`${to ?? target} is outside its allowed layers`);
            return;
          }
          if (BUILTINS.has(spec)) {
            if (!rule.node) report('Node built-in');
            return;
          }
          if (spec === 'electron' || spec.startsWith('electron/')) {
            if (!rule.electron) report('electron');
            return;
          }
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (rule.packages !== 'any' && !rule.packages.includes(pkg)) report(`package ${pkg} not allowed here`);
        };
        return {
          ImportDeclaration: (n) => check(n, n.source.value),
          ImportExpression: (n) => check(n, n.source.value),
          ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
          ExportAllDeclaration: (n) => check(n, n.source.value),
        };
      },
    },
  },
};
