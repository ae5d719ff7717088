/**
 * vitest's asymmetric matchers typed as what they stand in for. `expect.stringContaining(…)` and
 * its kin are typed `any`, and an `any` inside an expected value switches type checking off for the
 * whole expectation (typescript-eslint's no-unsafe-assignment reports it); these keep it on.
 */
import { expect } from 'vitest';

export const stringContaining = (text: string): string => expect.stringContaining(text) as string;
export const stringMatching = (pattern: string | RegExp): string => expect.stringMatching(pattern) as string;
export const anyString = (): string => expect.any(String) as string;
export const objectContaining = <T extends object>(fields: T): T => expect.objectContaining<unknown>(fields) as T;
export const anyNumber = (): number => expect.any(Number) as number;
