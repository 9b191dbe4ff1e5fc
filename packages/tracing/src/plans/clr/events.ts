import type { CollectReason } from "@heaplab/runtime";

/**
 * The CLR's GC events (gcevents.h, the `Microsoft-Windows-DotNETRuntime` provider, GCKeyword), rendered
 * as `log` lines `Name Field=value …` with the runtime's event and field names.
 */

/**
 * `GC.GetGCMemoryInfo()` for the last collection.
 * @example
 * const plan = createClr(); new Runtime(plan); plan.gcMemoryInfo().fragmentedBytes;
 */
export interface GcMemoryInfo {
  /** 1-based index of the collection (0 = none yet). */
  index: number;
  generation: number;
  compacted: boolean;
  promotedBytes: number;
  pinnedObjectsCount: number;
  /** Free space between live objects after the collection. */
  fragmentedBytes: number;
  finalizationPendingCount: number;
  /** Small-object-heap regions kept in their generation because they hold pinned objects. */
  demotedRegions: number;
  pauseMs: number;
}

/** What `GC.GetGCMemoryInfo()` answers before the first collection: zeros. */
export const NO_COLLECTION_YET: Readonly<GcMemoryInfo> = {
  index: 0,
  generation: 0,
  compacted: false,
  promotedBytes: 0,
  pinnedObjectsCount: 0,
  fragmentedBytes: 0,
  finalizationPendingCount: 0,
  demotedRegions: 0,
  pauseMs: 0,
};

/** `GCStart_V2.Reason`: 0 small allocation, 1 induced, 4 large allocation, 5/6 out of space SOH/LOH. */
export function reasonCode(reason: CollectReason, large: boolean): number {
  if (reason === "explicit" || reason === "shutdown") return 1;
  if (reason === "memory-pressure") return large ? 6 : 5;
  return large ? 4 : 0;
}

/**
 * `GCStart_V2`: Count (the n-th GC), Depth (generation), Reason, Type (0 = blocking outside a background GC).
 *
 * @example
 * gcStart(3, 0, 0); // "GCStart_V2 Count=3 Depth=0 Reason=0 Type=0"
 */
export function gcStart(count: number, depth: number, reason: number): string {
  return `GCStart_V2 Count=${count} Depth=${depth} Reason=${reason} Type=0`;
}

/** `GCEnd_V1`: Count, Depth. */
export function gcEnd(count: number, depth: number): string {
  return `GCEnd_V1 Count=${count} Depth=${depth}`;
}

/** The sizes `GCHeapStats_V2` reports after a collection. */
export interface HeapStatsFields {
  /** Bytes in gen0, gen1, gen2 and the LOH (gen3) after the collection. */
  sizes: [number, number, number, number];
  /** Bytes that survived (were promoted out of) gen0, gen1, gen2 and the LOH. */
  promoted: [number, number, number, number];
  finalizationPromotedSize: number;
  finalizationPromotedCount: number;
  pinnedObjectCount: number;
  gcHandleCount: number;
}

/** `GCHeapStats_V2` with its field names (POH, gen4, is always empty here). */
export function gcHeapStats(s: HeapStatsFields): string {
  const g = (i: 0 | 1 | 2 | 3) => `GenerationSize${i}=${s.sizes[i]} TotalPromotedSize${i}=${s.promoted[i]}`;
  return `GCHeapStats_V2 ${g(0)} ${g(1)} ${g(2)} ${g(3)} FinalizationPromotedSize=${s.finalizationPromotedSize} FinalizationPromotedCount=${s.finalizationPromotedCount} PinnedObjectCount=${s.pinnedObjectCount} SinkBlockCount=0 GCHandleCount=${s.gcHandleCount} GenerationSize4=0 TotalPromotedSize4=0`;
}

/** `GCAllocationTick_V4`: AllocationAmount (bytes since the last tick), AllocationKind (0 small, 1 large). */
export function allocationTick(amount: number, large: boolean, typeName: string, objectSize: number): string {
  return `GCAllocationTick_V4 AllocationAmount=${amount} AllocationKind=${large ? 1 : 0} TypeName=${typeName} ObjectSize=${objectSize}`;
}

/** `PinObjectAtGCTime`: a pinned object the collection found live. */
export function pinObjectAtGcTime(obj: number, size: number, typeName: string): string {
  return `PinObjectAtGCTime ObjectID=0x${obj.toString(16)} ObjectSize=${size} TypeName=${typeName}`;
}

/** `GCLOHCompact`: the large object heap was compacted in this collection. */
export function lohCompact(count: number, movedBytes: number): string {
  return `GCLOHCompact Count=${count} MovedBytes=${movedBytes}`;
}
