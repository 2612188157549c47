// jpeg-js's decoder module on its own: its index also pulls in the encoder, which uses Node's Buffer.
declare module 'jpeg-js/lib/decoder.js' {
  interface DecodeOptions {
    useTArray: true;
    colorTransform?: boolean;
    formatAsRGBA?: boolean;
    tolerantDecoding?: boolean;
    maxResolutionInMP?: number;
    maxMemoryUsageInMB?: number;
  }
  export default function decode(jpegData: Uint8Array, opts: DecodeOptions): { width: number; height: number; data: Uint8Array; comments?: string[] };
}
