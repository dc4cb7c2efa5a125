// The fake backend's demo behaviour: "Act out this meeting" answers like the real command
// (refused outside demo mode, a plausible summary in it).
import { BackendError, type ActOutSummary, type AppMode } from "./backend";

export function fakeActOut(mode: AppMode, meetingRef: string): ActOutSummary {
  if (mode !== "demo") {
    throw new BackendError({
      code: "Validation",
      message:
        "Acting out a meeting works only in the demo, where Zoom is simulated. With a real Zoom account, hold the meeting in Zoom and then sync its attendance.",
      detail: null,
    });
  }
  return {
    meetingTopic: `Meeting ${meetingRef}`,
    startedAt: "2026-12-01T10:00:00Z",
    endedAt: "2026-12-01T10:50:00Z",
    counts: {
      invited: 27,
      onTime: 17,
      late: 4,
      leftEarly: 3,
      rejoined: 1,
      twoDevices: 1,
      waitingRoom: 1,
      absent: 3,
      usedSomeoneElsesLink: 1,
      guests: 2,
    },
    story: [
      "Amara Adeyemi waited 8 minutes in the waiting room before the host let them in.",
      "Ben Evans joined 12 minutes late.",
      "An uninvited caller dialled in without a PIN; Zoom shows only a masked number.",
    ],
    next: "Zoom now has this meeting's report: sync its attendance to see who came.",
  };
}
