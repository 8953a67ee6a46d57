/**
 * Keeps the V8 object shape (hidden class) of a class alive for the life of the process.
 *
 * V8 holds the shape an object reaches by adding its fields only weakly: at a full garbage
 * collection with no live object of that shape, the shape is dropped, and with it all code
 * optimized for it. A class whose instances live only during a check (a scanner, a model builder)
 * then runs unoptimized at the start of each check after a full collection, until V8 optimizes it
 * again: a 500-resource plan took five times as long. One instance kept here keeps the shape.
 */
const kept: object[] = [];

/** Keeps `instance`, and so its class's shape, for the life of the process. Call once per class, at module load. */
export function keepShape(instance: object): void {
  kept.push(instance);
}
