export declare function buildBundles(options?: { quiet?: boolean }): Promise<string[]>;
