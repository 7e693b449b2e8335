// swagger-ui-dist ships no types; the mock uses only the folder its assets are in.
declare module 'swagger-ui-dist' {
  export function getAbsoluteFSPath(): string;
}
