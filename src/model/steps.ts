// Running work written as a generator that yields between steps (the parse yields after each chunk, the check after
// each rule): at once, or in slices that give the thread back so that a large plan never holds the extension host.

/** Options of a sliced run. */
export interface Slicing {
  /** Milliseconds of work between two breaks (20 when not given). */
  sliceMs?: number;
  /** Asked at each break: true ends the run (a newer version of the text arrived). */
  isCancelled?: () => boolean;
}

/** Runs the steps to the end at once. */
export function runSteps<T>(run: Generator<void, T>): T {
  for (let step = run.next(); ; step = run.next()) if (step.done) return step.value;
}

/** Runs the steps, giving the thread back once `sliceMs` have passed since it last did; undefined when cancelled at a break. */
export async function runStepsSliced<T>(run: Generator<void, T>, slicing: Slicing): Promise<T | undefined> {
  const sliceMs = slicing.sliceMs ?? 20;
  let t0 = Date.now();
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value;
    if (Date.now() - t0 >= sliceMs) {
      await new Promise((r) => setTimeout(r, 0));
      if (slicing.isCancelled?.()) return undefined;
      t0 = Date.now();
    }
  }
}
