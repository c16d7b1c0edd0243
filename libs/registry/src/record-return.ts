import { Actor, isStaff } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';

/** Who returned a record (退回修改): platform staff, named and with the role in Chinese. */
export interface RecordReturnAuthor {
  userId: string | null;
  name: string;
  role: string;
  roleLabel: string;
}

/** A manager's latest 退回修改 of a demand or an achievement, as stored on the record and read by its owner. */
export interface RecordReturn {
  reason: string;
  /** ISO time of the return. */
  at: string;
  by: RecordReturnAuthor;
}

export class RecordReturnByDto implements RecordReturnAuthor {
  @ApiProperty({ description: '退回人的用户 id（仅平台人员可见，其他人为 null）', nullable: true, type: String })
  userId: string | null;

  @ApiProperty({ description: '退回人姓名', example: '陈经理' })
  name: string;

  @ApiProperty({ description: '退回人角色', example: 'manager' })
  role: string;

  @ApiProperty({ description: '退回人角色（中文）', example: '技术经理人' })
  roleLabel: string;
}

/** The latest 退回修改 of a record in API responses: reason, time, and who returned it. */
export class RecordReturnDto implements RecordReturn {
  @ApiProperty({ description: '退回原因', example: '请补充技术指标' })
  reason: string;

  @ApiProperty({ description: '退回时间（ISO 8601）', example: '2026-03-02T08:30:00.000Z' })
  at: string;

  @ApiProperty({ type: RecordReturnByDto, description: '退回人' })
  by: RecordReturnByDto;
}

/** The returning manager's user id is an internal id of the platform's staff: the owner reads name and role only. */
export function returnAsReadBy<T extends RecordReturn>(note: T, actor: Actor): T {
  return isStaff(actor) ? note : { ...note, by: { ...note.by, userId: null } };
}
