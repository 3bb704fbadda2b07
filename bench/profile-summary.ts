/**
 * Where a process's CPU went, from a V8 profile that `npm run bench -- --profile` wrote
 * (bench/results/profiles/<process>/CPU.*.cpuprofile; one file per thread):
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--by=function|file] [--top=30] [--callers=<name>]
 *
 * Shares of the busy time (idle left out): self time by function (default) or by source file and
 * package (`--by=file`); `--callers=toLocal` splits the time of the stacks holding that function by
 * the nearest project frames above it. docs/benchmarks.md quotes these shares.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--by=function|file] [--top=30] [--callers=<name>]');
  process.exit(2);
}
const by = option('by') ?? 'function';
const top = Number(option('top') ?? 30);
const callersOf = option('callers');

const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Microseconds per node: a sample's delta is the time until it.
const timeOf = new Map<number, number>();
profile.samples.forEach((id, i) => timeOf.set(id, (timeOf.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const idle = (n: ProfileNode) => n.callFrame.functionName === '(idle)';
let busy = 0;
for (const [id, t] of timeOf) if (!idle(nodes.get(id)!)) busy += t;

const source = (n: ProfileNode) => n.callFrame.url.replace(/^.*node_modules\//, 'node_modules/').replace(/^file:\/\/.*?\/(?=(api|web|services|domain|infra|worker|workflows|bench)\/)/, '');
const fileKey = (n: ProfileNode) => source(n).replace(/^node_modules\/((@[^/]+\/)?[^/]+).*/, 'node_modules/$1') || `(${n.callFrame.functionName || 'native'})`;
const functionKey = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${source(n)}:${n.callFrame.lineNumber + 1}`;
const ours = (n: ProfileNode) => n.callFrame.url !== '' && !n.callFrame.url.includes('node_modules') && !n.callFrame.url.startsWith('node:');

const shares = new Map<string, number>();
for (const [id, t] of timeOf) {
  const node = nodes.get(id)!;
  if (idle(node)) continue;
  let key: string | null;
  if (callersOf) {
    const stack: ProfileNode[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) stack.push(nodes.get(x)!);
    const at = stack.findIndex((n) => n.callFrame.functionName === callersOf);
    key = at < 0 ? null : [stack[at], ...stack.slice(at + 1).filter(ours).slice(0, 3)].map(functionKey).join(' ← ');
  } else key = by === 'file' ? fileKey(node) : functionKey(node);
  if (key !== null) shares.set(key, (shares.get(key) ?? 0) + t);
}

console.log(`${file}: ${(busy / 1e6).toFixed(1)} s busy`);
for (const [key, t] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((t / busy) * 100).toFixed(1).padStart(6)} %  ${key}`);
