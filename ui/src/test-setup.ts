import "@testing-library/jest-dom/vitest";
// Unmounts what each test rendered.
import "@testing-library/svelte/vitest";
