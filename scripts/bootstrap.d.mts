export declare const projectRoot: string;
export declare const toolsDir: string;
export declare const venvDir: string;
export declare const PYTHON_TOOLS: string[];
export declare const toolPaths: {
  temporal: string;
  temporalTestServer: string;
  motoServer: string;
  schemathesis: string;
};
export declare function ensureInstalled(options?: { quiet?: boolean }): void;
export declare const CHROMIUM_COMMANDS: string[];
export declare const CHROMIUM_HOW_TO: string;
export declare function findChromium(): string | null;
