/**
 * A one-line progress display on an interactive terminal (stderr), silent otherwise, so that
 * logs and pipes stay clean.
 */
export class TerminalProgress {
  private timer: NodeJS.Timeout | undefined;
  private label = '';
  private startedAt = 0;
  readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY);
  }

  start(label: string): void {
    if (!this.enabled) return;
    this.label = label;
    this.startedAt = Date.now();
    this.render();
    this.timer ??= setInterval(() => this.render(), 200);
    this.timer.unref();
  }

  /** Changes the label shown (a progress bar, a count) without restarting the clock. */
  update(label: string): void {
    if (!this.enabled) return;
    this.label = label;
    this.render();
  }

  stop(): void {
    if (!this.enabled || this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stream.write('\r\x1b[2K');
  }

  private render(): void {
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(`\r\x1b[2K${`${this.label} ${seconds}s`.slice(0, width)}`);
  }
}
