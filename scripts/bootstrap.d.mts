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
