/** A running tunnel, whatever provider opened it. */
export interface TunnelHandle {
  /** Public origin, e.g. `https://abc.loca.lt` (no path, no trailing slash). */
  readonly url: string;
  /** Called once when the tunnel ends without close() being called (provider exit, connection lost). */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}
