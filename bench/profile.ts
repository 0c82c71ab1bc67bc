import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  /** `function (file:line)`, the line 1-based. */
  readonly frame: string;
  /** Time in the function itself. */
  readonly selfMs: number;
  /** Time in the function and what it calls (recursion counted once). */
  readonly totalMs: number;
  /** The part of `totalMs` spent inside TypeScript (the type checker working for the function). */
  readonly typeScriptMs: number;
}

const isTypeScript = (url: string) => url.includes('/node_modules/typescript/');

const frameOf = (node: ProfileNode, relative: (url: string) => string) =>
  `${node.callFrame.functionName || '(anonymous)'} (${relative(node.callFrame.url)}:${node.callFrame.lineNumber + 1})`;

/**
 * The functions of a V8 CPU profile (`node --cpu-prof`) whose code matches `include`, by total time:
 * where the plugin's rules spend their time.
 */
export function hotSpots(profileFile: string, include: (url: string) => boolean, relative: (url: string) => string, limit = 15): HotSpot[] {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const inTypeScript = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const leaf = byId.get(id)!;
    if (include(leaf.callFrame.url)) self.set(frameOf(leaf, relative), (self.get(frameOf(leaf, relative)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      if (!include(node.callFrame.url)) continue;
      const frame = frameOf(node, relative);
      if (seen.has(frame)) continue;
      seen.add(frame);
      total.set(frame, (total.get(frame) ?? 0) + ms);
      if (isTypeScript(leaf.callFrame.url)) inTypeScript.set(frame, (inTypeScript.get(frame) ?? 0) + ms);
    }
  });
  return [...total.entries()]
    .sort(([, a], [, b]) => b - a)
    .slice(0, limit)
    .map(([frame, totalMs]) => ({
      frame,
      selfMs: Math.round(self.get(frame) ?? 0),
      totalMs: Math.round(totalMs),
      typeScriptMs: Math.round(inTypeScript.get(frame) ?? 0),
    }));
}

/** The profiled run of (c) at one size. `share` and `cpuMs` are absent from runs saved before they were measured. */
export interface ProfiledRun {
  readonly files: number;
  readonly hotSpots: readonly HotSpot[];
  readonly share?: ThreadShare;
  /** The profiled run's own CPU time. */
  readonly cpuMs?: number;
}

/** Where the main thread's time went in one profiled lint: the plugin's share is robust to machine load. */
export interface ThreadShare {
  /** Samples with a plugin function on the stack: its own work and the TypeScript work it triggered. */
  readonly pluginMs: number;
  /** Garbage collection, which a profile cannot attribute. */
  readonly gcMs: number;
  /** Everything else the lint did (parsing, type-checking set-up, ESLint), idle time excluded. */
  readonly otherMs: number;
}

export function threadShare(profileFile: string, include: (url: string) => boolean): ThreadShare {
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let pluginMs = 0;
  let gcMs = 0;
  let otherMs = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') return;
    if (leaf.callFrame.functionName === '(garbage collector)') {
      gcMs += ms;
      return;
    }
    for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
      if (include(node.callFrame.url)) {
        pluginMs += ms;
        return;
      }
    }
    otherMs += ms;
  });
  return { pluginMs: Math.round(pluginMs), gcMs: Math.round(gcMs), otherMs: Math.round(otherMs) };
}
