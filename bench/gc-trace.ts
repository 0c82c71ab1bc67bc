/** What V8's `--trace-gc-nvp` printed over one run: one line per collection, `name=value` fields. */
export interface GcTrace {
  readonly scavenges: number;
  readonly fullCollections: number;
  /** Bytes moved from the young generation to the old, summed over collections. */
  readonly promotedBytes: number;
}

export function readGcTrace(output: string): GcTrace {
  let scavenges = 0;
  let fullCollections = 0;
  let promotedBytes = 0;
  for (const line of output.split('\n')) {
    const kind = /\sgc=(\w+)\s/.exec(line)?.[1];
    // Lines without a `gc=` field are the lint's own output.
    if (kind === undefined) continue;
    if (kind === 's') scavenges++;
    else if (kind === 'mc') fullCollections++;
    // A leading space: `nodes_promoted=` counts global handles, not bytes.
    promotedBytes += Number(/\spromoted=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { scavenges, fullCollections, promotedBytes };
}
