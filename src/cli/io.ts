/** Where the CLI reads and writes: injected, so tests run commands in-process. */
export interface Writer { write(chunk: string): unknown; isTTY?: boolean }

export interface Io {
  stdout: Writer;
  stderr: Writer;
  cwd: string;
  env: Record<string, string | undefined>;
}
