// The fake backend's Settings → Data area: backups are snapshots of the fake's people and jobs,
// kept by path; restoring one puts them back and keeps the replaced data as another snapshot.
import { BackendError, type Backend, type DataFolder, type Job, type Person, type StoreBackup, type StoreRestore } from "./backend";

/** What the store area reads and replaces in the fake backend it lives in. */
export type FakeStoreHost = { people: Person[]; jobs: Job[] };
type Enter = (command: keyof Backend, args: unknown[]) => Promise<void>;

type Snapshot = { people: Person[]; jobs: Job[] };

export const FAKE_DATA_DIR = "/home/admin/.local/share/rollcall";

function copy(host: FakeStoreHost): Snapshot {
  return { people: host.people.map((p) => ({ ...p })), jobs: host.jobs.map((j) => ({ ...j })) };
}

export class FakeStoreArea {
  /** Backups the fake "wrote", by path. Tests may add their own (a file from elsewhere). */
  readonly backups = new Map<string, Snapshot>();
  /** What the next chooseBackupFile / chooseRestoreFile answers. */
  nextBackupPath: string | null = "/home/admin/rollcall-backup.rollcall";
  nextRestorePath: string | null = null;
  private restores = 0;

  constructor(
    private readonly host: FakeStoreHost,
    private readonly enter: Enter,
  ) {}

  async dataFolder(): Promise<DataFolder> {
    await this.enter("storeDataFolder", []);
    return { dataDir: FAKE_DATA_DIR, storeFile: `${FAKE_DATA_DIR}/rollcall.db`, sizeBytes: 1_572_864 };
  }

  async chooseBackupFile(): Promise<string | null> {
    await this.enter("chooseBackupFile", []);
    return this.nextBackupPath;
  }

  async chooseRestoreFile(): Promise<string | null> {
    await this.enter("chooseRestoreFile", []);
    return this.nextRestorePath;
  }

  async backup(path: string): Promise<StoreBackup> {
    await this.enter("storeBackup", [path]);
    this.backups.set(path, copy(this.host));
    return { path, sizeBytes: 1_572_864 };
  }

  async restore(path: string): Promise<StoreRestore> {
    await this.enter("storeRestore", [path]);
    const snapshot = this.backups.get(path);
    if (!snapshot) {
      throw new BackendError({
        code: "Validation",
        message: `${path} is not a Rollcall backup. Choose a file made by Back up… or \`rollcall store backup\`; nothing was changed.`,
        detail: "no Rollcall migrations in the file",
      });
    }
    if (this.host.jobs.some((j) => j.state === "running")) {
      throw new BackendError({
        code: "Conflict",
        message: "A job is running. Pause it or wait until it finishes, then restore the backup; nothing was changed.",
        detail: null,
      });
    }
    this.restores += 1;
    const previous = `${FAKE_DATA_DIR}/rollcall.db.before-restore-${this.restores}`;
    this.backups.set(previous, copy(this.host));
    this.host.people = snapshot.people.map((p) => ({ ...p }));
    let pausedJobs = 0;
    this.host.jobs = snapshot.jobs.map((j) => {
      if (j.state === "running" || j.state === "queued") {
        pausedJobs += 1;
        return { ...j, state: "paused", pauseReason: "Paused by the restore of a backup." };
      }
      return { ...j };
    });
    return { restoredFrom: path, previousKeptAt: previous, pausedJobs };
  }
}
