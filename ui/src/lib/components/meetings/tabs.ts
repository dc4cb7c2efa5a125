// The meeting page's tabs, in order. Every tab is a component with the props below; a new tab
// is one import and one line in MEETING_TABS.
import type { Component } from "svelte";
import DetailsTab from "./DetailsTab.svelte";
import InviteesTab from "./InviteesTab.svelte";
import AttendanceTab from "$lib/components/attendance/AttendanceTab.svelte";
import ReviewTab from "$lib/components/attendance/ReviewTab.svelte";

export type MeetingTabProps = {
  /** The local meeting number or the Zoom meeting id. */
  meetingRef: string;
  /** The meeting's IANA time zone: show every time in it, with the zone named. */
  timezone: string;
  /** Call after changing the meeting (the header reloads). */
  onchanged?: () => void;
  /** Call after deleting the meeting (the page goes back to the list). */
  ondeleted?: () => void;
};

export type MeetingTab = { id: string; label: string; component: Component<MeetingTabProps> };

export const MEETING_TABS: MeetingTab[] = [
  { id: "details", label: "Details", component: DetailsTab },
  { id: "invitees", label: "Invitees", component: InviteesTab },
  { id: "attendance", label: "Attendance", component: AttendanceTab },
  { id: "review", label: "Review", component: ReviewTab },
];
