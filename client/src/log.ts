/**
 * The extension's one output channel. The language client writes its own messages and, with
 * `vpcLint.trace.server`, the protocol trace to the same channel, so everything is in one place.
 */
import * as vscode from 'vscode';

/** A thin wrapper over one `LogOutputChannel`; its level is set from the Output view. */
export class Log implements vscode.Disposable {
  /** The channel itself, handed to the language client. */
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'vpc-lint') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string): void {
    this.channel.trace(message);
  }

  debug(message: string): void {
    this.channel.debug(message);
  }

  info(message: string): void {
    this.channel.info(message);
  }

  warn(message: string): void {
    this.channel.warn(message);
  }

  error(message: string, error?: unknown): void {
    if (error === undefined) this.channel.error(message);
    else if (error instanceof Error) this.channel.error(`${message}: ${error.stack ?? error.message}`);
    else this.channel.error(`${message}: ${String(error)}`);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
