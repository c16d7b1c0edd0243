import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class SendInvitationsDto {
  @ApiProperty({
    type: [String],
    description:
      'Institutions to invite (1–50): proposed ones or any university/institute (or enterprise, when the call admits ' +
      'enterprises) chosen by hand; already invited ones are skipped',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  institutionIds: string[];

  @ApiPropertyOptional({ example: '贵校在谐波减速器齿形修形方向成果突出，诚邀组织团队揭榜。', maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  message?: string;
}
