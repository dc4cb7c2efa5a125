// An in-memory Backend for component tests (and for `vite dev` in a plain browser).
// Behaves like the contract: accountsAdd tests the connection first and saves nothing on failure.
import {
  BackendError,
  type Account,
  type AppError,
  type AppMode,
  type AppStatus,
  type Backend,
  type ConnectionReport,
  type Job,
  type JobProgress,
  type NewAccount,
} from "./backend";

type Command = keyof Backend;

export type FakeCall = { command: Command; args: unknown[] };

export type FakeOptions = {
  mode?: AppMode;
  accounts?: Account[];
  activeAccountId?: string | null;
  /** Milliseconds every call waits before answering (0 = next microtask). */
  delayMs?: number;
};

export const DEMO_ACCOUNT: Account = {
  id: "demo",
  name: "Northwind Community (demo)",
  accountId: "demo-account",
  clientId: "demo-client",
  plan: "business",
  apiBase: "http://127.0.0.1:38080/v2",
  oauthBase: "http://127.0.0.1:38080",
  isDemo: true,
};

export function fakeAccount(overrides: Partial<Account> = {}): Account {
  return {
    id: "acct-1",
    name: "Main office",
    accountId: "AbCdEf123",
    clientId: "client-123",
    plan: "pro",
    apiBase: "https://api.zoom.us/v2",
    oauthBase: "https://zoom.us",
    isDemo: false,
    ...overrides,
  };
}

export class FakeBackend implements Backend {
  mode: AppMode;
  accounts: Account[];
  activeAccountId: string | null;
  delayMs: number;
  readonly calls: FakeCall[] = [];
  jobs: Job[] = [];
  private readonly progressListeners = new Set<(progress: JobProgress) => void>();
  /** Client secrets the fake "Zoom" accepts; empty means every non-empty secret works. */
  readonly acceptedSecrets = new Set<string>();
  private readonly failures = new Map<Command, AppError>();
  private nextId = 1;

  constructor(options: FakeOptions = {}) {
    this.mode = options.mode ?? "firstRun";
    this.accounts = (options.accounts ?? []).map((a) => ({ ...a }));
    this.activeAccountId =
      options.activeAccountId !== undefined
        ? options.activeAccountId
        : this.mode === "connected"
          ? (this.accounts[0]?.id ?? null)
          : null;
    this.delayMs = options.delayMs ?? 0;
  }

  /** The next call of `command` fails with `error` (once). */
  failNext(command: Command, error: AppError): void {
    this.failures.set(command, error);
  }

  callsOf(command: Command): unknown[][] {
    return this.calls.filter((c) => c.command === command).map((c) => c.args);
  }

  private async enter(command: Command, args: unknown[]): Promise<void> {
    this.calls.push({ command, args });
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failures.get(command);
    if (failure) {
      this.failures.delete(command);
      throw new BackendError(failure);
    }
  }

  private status(): AppStatus {
    const activeAccount =
      this.mode === "demo"
        ? DEMO_ACCOUNT
        : this.mode === "connected"
          ? (this.accounts.find((a) => a.id === this.activeAccountId) ?? null)
          : null;
    return {
      mode: this.mode,
      activeAccount,
      dataDir: "/home/admin/.local/share/rollcall",
      version: "0.1.0",
    };
  }

  private find(id: string): Account {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) {
      throw new BackendError({
        code: "NotFound",
        message: "That Zoom account is no longer saved in Rollcall.",
        detail: `no account with id ${id}`,
      });
    }
    return account;
  }

  async appStatus(): Promise<AppStatus> {
    await this.enter("appStatus", []);
    return this.status();
  }

  async startDemo(): Promise<AppStatus> {
    await this.enter("startDemo", []);
    this.mode = "demo";
    return this.status();
  }

  async leaveDemo(): Promise<AppStatus> {
    await this.enter("leaveDemo", []);
    this.mode = this.activeAccountId ? "connected" : "firstRun";
    return this.status();
  }

  async accountsList(): Promise<Account[]> {
    await this.enter("accountsList", []);
    return this.accounts.map((a) => ({ ...a }));
  }

  async accountsAdd(input: NewAccount): Promise<Account> {
    // Never record the secret itself.
    await this.enter("accountsAdd", [{ ...input, clientSecret: "<redacted>" }]);
    if (this.acceptedSecrets.size > 0 && !this.acceptedSecrets.has(input.clientSecret)) {
      throw new BackendError({
        code: "ZoomUnauthorized",
        message: "Zoom did not accept the Client ID and Client secret.",
        detail: "POST /oauth/token: 400 invalid_client",
      });
    }
    const account: Account = {
      id: `acct-${this.nextId++}`,
      name: input.name,
      accountId: input.accountId,
      clientId: input.clientId,
      plan: input.plan,
      apiBase: input.apiBase ?? "https://api.zoom.us/v2",
      oauthBase: input.oauthBase ?? "https://zoom.us",
      isDemo: false,
    };
    this.accounts.push(account);
    return { ...account };
  }

  async accountsTest(id: string): Promise<ConnectionReport> {
    await this.enter("accountsTest", [id]);
    const account = id === DEMO_ACCOUNT.id ? DEMO_ACCOUNT : this.find(id);
    return {
      ownerEmail: "owner@example.org",
      ownerName: "Olivia Owner",
      plan: account.plan,
      accountId: account.accountId,
    };
  }

  async accountsRename(id: string, newName: string): Promise<Account> {
    await this.enter("accountsRename", [id, newName]);
    const account = this.find(id);
    if (newName.trim() === "") {
      throw new BackendError({
        code: "Validation",
        message: "The name can't be empty.",
        detail: null,
      });
    }
    account.name = newName.trim();
    return { ...account };
  }

  async accountsRemove(id: string): Promise<void> {
    await this.enter("accountsRemove", [id]);
    this.find(id);
    this.accounts = this.accounts.filter((a) => a.id !== id);
    if (this.activeAccountId === id) {
      this.activeAccountId = null;
      if (this.mode === "connected") this.mode = "firstRun";
    }
  }

  async jobsList(): Promise<Job[]> {
    await this.enter("jobsList", []);
    return this.jobs.map((j) => ({ ...j }));
  }

  async onJobProgress(listener: (progress: JobProgress) => void): Promise<() => void> {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Tests: publish a job progress event as the runner would. */
  emitJobProgress(progress: JobProgress): void {
    for (const listener of this.progressListeners) listener(progress);
  }

  async accountsUse(id: string): Promise<AppStatus> {
    await this.enter("accountsUse", [id]);
    this.find(id);
    this.activeAccountId = id;
    this.mode = "connected";
    return this.status();
  }
}
