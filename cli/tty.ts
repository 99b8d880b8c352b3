import pc from "picocolors";

/** Colours on a terminal, off in pipes and files and with NO_COLOR (picocolors' rules). */
export function useColor(): boolean {
  return pc.isColorSupported;
}
