/**
 * Coalesces the panel's rendering into animation frames. Records mark their vehicle dirty; each frame re-renders
 * only dirty vehicles, within a time budget, and leaves the rest for the next frame, so hundreds of updates per
 * second never freeze the page. A full render (every section) happens only when the layout changes: first data, a
 * new vehicle, the filter, the focus. Pure scheduling: the page supplies the frame callback, clock and renderers.
 */
export interface RenderHost {
  requestFrame(callback: () => void): void;
  /** A monotonic clock in milliseconds (performance.now). */
  now(): number;
  renderAll(): void;
  /** Re-renders one vehicle's section in place; false when that cannot be done (the layout changed). */
  renderVehicle(vin: string): boolean;
  /** Called once per frame that rendered anything (the status line). */
  afterFrame?(): void;
}

export class RenderLoop {
  private requested = false;
  private full = true;
  private readonly dirty = new Set<string>();
  private paused = false;

  constructor(
    private readonly host: RenderHost,
    /** Milliseconds of incremental rendering per frame before the rest waits for the next frame. */
    private readonly budgetMs = 8,
  ) {}

  /** Vehicles still waiting to be re-rendered. */
  get pendingVehicles(): number {
    return this.dirty.size;
  }

  vehicleChanged(vin: string): void {
    this.dirty.add(vin);
    this.request();
  }

  /** Everything must be rendered again (layout, filter, focus). */
  layoutChanged(): void {
    this.full = true;
    this.request();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.request();
  }

  private request(): void {
    if (this.requested || this.paused || (!this.full && !this.dirty.size)) return;
    this.requested = true;
    this.host.requestFrame(() => this.frame());
  }

  private frame(): void {
    this.requested = false;
    if (this.paused) return;
    if (this.full) {
      this.full = false;
      this.dirty.clear();
      this.host.renderAll();
    } else {
      const deadline = this.host.now() + this.budgetMs;
      for (const vin of this.dirty) {
        this.dirty.delete(vin);
        if (!this.host.renderVehicle(vin)) {
          this.full = true;
          break;
        }
        if (this.host.now() >= deadline) break;
      }
    }
    this.host.afterFrame?.();
    this.request();
  }
}
