import { AppError, ErrorCode } from '@app/common';
import { HttpStatus } from '@nestjs/common';

/**
 * A small per-process semaphore for the upload request's look into a file. Each look is bounded (a few MB
 * inflated at most), so a slot frees within milliseconds: a request that finds every slot taken waits its turn
 * for up to `waitMs`, and only then gets 503 UPLOAD_BUSY with `retryAfterSeconds` — so bursts queue briefly
 * instead of failing, and a flood cannot pile parses onto the process.
 */
export class ParseSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    readonly waitMs: number,
  ) {}

  get busy(): number {
    return this.active;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.size) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        this.active++;
        resolve();
      };
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(turn);
        if (i >= 0) this.waiting.splice(i, 1);
        const retryAfterSeconds = Math.max(1, Math.ceil(this.waitMs / 2000));
        reject(
          new AppError(
            HttpStatus.SERVICE_UNAVAILABLE,
            ErrorCode.UPLOAD_BUSY,
            `当前同时上传的文件较多（每个服务进程同时检查 ${this.size} 个），请 ${retryAfterSeconds} 秒后重试`,
            { retryAfterSeconds },
          ),
        );
      }, this.waitMs);
      this.waiting.push(turn);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
