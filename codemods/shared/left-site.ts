/** A site a codemod did not change, and why: the line and the reason its report shows. */
export interface LeftSite {
  readonly line: number;
  readonly reason: string;
}
