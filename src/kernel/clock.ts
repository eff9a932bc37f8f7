/** The time source the domain sees; the pure core never reads the clock itself. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
