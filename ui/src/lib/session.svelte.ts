// What the whole app needs to know about its state: mode (first run / demo / connected) and the
// active account. Loaded once at start, replaced by every command that returns an AppStatus.
import { toAppError, type AppError, type AppStatus, type Backend } from "./ipc/backend";

export class Session {
  status = $state<AppStatus | null>(null);
  loadError = $state<AppError | null>(null);
  #backend: Backend;

  constructor(backend: Backend, status: AppStatus | null = null) {
    this.#backend = backend;
    this.status = status;
  }

  get mode() {
    return this.status?.mode ?? null;
  }

  get isDemo() {
    return this.status?.mode === "demo";
  }

  /** Whose data the pages show: the mode and the active account (what remembered lists belong to). */
  get scope(): string {
    return `${this.status?.mode ?? "none"}:${this.status?.activeAccount?.id ?? ""}`;
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.status = await this.#backend.appStatus();
    } catch (thrown) {
      this.loadError = toAppError(thrown);
    }
  }

  /** Re-reads the status; errors are left to the caller's own error display. */
  async refresh(): Promise<void> {
    this.status = await this.#backend.appStatus();
  }

  async startDemo(): Promise<void> {
    this.status = await this.#backend.startDemo();
  }

  async leaveDemo(): Promise<void> {
    this.status = await this.#backend.leaveDemo();
  }

  async useAccount(id: string): Promise<void> {
    this.status = await this.#backend.accountsUse(id);
  }
}
