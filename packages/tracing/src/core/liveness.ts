/**
 * How reference processing sees one collection's liveness (MMTk's `ObjectTracerContext` for
 * `process_weak_refs`): whether an object survived, where its body is now, and how to keep one alive.
 * The marker and the copier each hand one out (`Marker.liveness`, `CheneyCopier.liveness`), so a plan
 * never writes these four lambdas itself.
 *
 * @example
 * finalizers.queueDead(marker.liveness(), seq);
 */
export interface LivenessOps {
  /** Whether `obj` (an address from before the collection) survived the closure so far. */
  isLive(obj: number): boolean;
  /** Where `obj`'s body is now (its copy if it was copied, else itself). */
  current(obj: number): number;
  /** Keeps `obj` alive (marks or copies it); returns `current(obj)`. */
  retain(obj: number): number;
  /** Completes the closure after `retain` calls. */
  drain(): void;
  /** Records that a collector stored into `obj` (generational plans dirty its card). */
  touched?: ((obj: number) => void) | undefined;
}
