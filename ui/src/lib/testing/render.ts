// Renders a component with Rollcall's app context around it, backed by the fake backend.
import { render } from "@testing-library/svelte";
import type { Component, ComponentProps } from "svelte";
import { appContextMap } from "$lib/context";
import { FakeBackend, type FakeOptions } from "$lib/ipc/fake";
import { Session } from "$lib/session.svelte";

export async function setup(options: FakeOptions = {}) {
  const backend = new FakeBackend(options);
  const session = new Session(backend);
  await session.load();
  backend.calls.length = 0;
  return { backend, session };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderWith<P extends Record<string, any>>(
  component: Component<P>,
  app: { backend: FakeBackend; session: Session },
  props?: NoInfer<P>,
) {
  const options = {
    props: props ?? ({} as ComponentProps<Component<P>>),
    context: appContextMap(app),
  } as Parameters<typeof render<Component<P>>>[1];
  return render(component, options);
}
