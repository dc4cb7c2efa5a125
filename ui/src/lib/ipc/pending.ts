// PENDING: the people commands, called by name until the lead's regenerated bindings.ts has
// them (then tauri.ts switches to `commands.*` and this file is deleted). Command names are the
// Rust ones (snake_case); argument names are camelCase as tauri converts them.
import { invoke } from "@tauri-apps/api/core";
import type { Job_Serialize } from "./bindings";
import type {
  DeactivateResult,
  ImportPlan,
  ImportResult,
  PeopleFilter,
  PeopleSelection,
  Person,
  ProvisionMode,
} from "./people-types";

export const pending = {
  peopleList: (filter: PeopleFilter) => invoke<Person[]>("people_list", { filter }),
  peopleGroups: () => invoke<string[]>("people_groups"),
  peopleImportPreview: (path: string) => invoke<ImportPlan>("people_import_preview", { path }),
  peopleImport: (path: string) => invoke<ImportResult>("people_import", { path }),
  peopleExport: (path: string) => invoke<number>("people_export", { path }),
  provisionStart: (selection: PeopleSelection, mode: ProvisionMode) =>
    invoke<Job_Serialize>("provision_start", { selection, mode }),
  peopleSetActive: (externalIds: string[], active: boolean) =>
    invoke<number>("people_set_active", { externalIds, active }),
  deprovisionPreview: (externalIds: string[]) => invoke<number>("deprovision_preview", { externalIds }),
  /** Answers `Job | null`, or core's `DeactivateResult { deactivated, job }`: both are accepted. */
  peopleDeactivate: async (externalIds: string[], deleteInZoom: boolean): Promise<Job_Serialize | null> => {
    const answer = await invoke<Job_Serialize | DeactivateResult | null>("people_deactivate", {
      externalIds,
      deleteInZoom,
    });
    if (answer && "deactivated" in answer) return answer.job;
    return answer;
  },
};
