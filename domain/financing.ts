import { z } from 'zod';
import { IdText } from './text.js';

/** Expense categories from the «Источники финансирования» slide of seed 000. */
export const ExpenseCategory = z.enum([
  'staff_training',
  'equipment_purchase',
  'equipment_repair',
  'routine_repair',
  'furniture',
  'information_materials',
]);
export type ExpenseCategory = z.infer<typeof ExpenseCategory>;

export const FinancingSource = z.enum(['nsz_tfoms', 'oms_funds', 'smo']);
export type FinancingSource = z.infer<typeof FinancingSource>;

export const expenseLabel: Record<ExpenseCategory, string> = {
  staff_training: 'Обучение персонала медицинских организаций',
  equipment_purchase: 'Приобретение медицинского оборудования',
  equipment_repair: 'Ремонт медицинского оборудования',
  routine_repair: 'Текущий ремонт',
  furniture: 'Приобретение мебели',
  information_materials: 'Информационные материалы',
};

export const sourceLabel: Record<FinancingSource, string> = {
  nsz_tfoms: 'НСЗ ТФОМС',
  oms_funds: 'Средства ОМС',
  smo: 'СМО',
};

/** The only expense → source pairs seed 000 allows. */
export const allowedSources: Record<ExpenseCategory, readonly FinancingSource[]> = {
  staff_training: ['nsz_tfoms', 'smo'],
  equipment_purchase: ['nsz_tfoms', 'oms_funds'],
  equipment_repair: ['nsz_tfoms', 'oms_funds'],
  routine_repair: ['oms_funds'],
  furniture: ['oms_funds'],
  information_materials: ['smo'],
};

export function isFinancingAllowed(expense: ExpenseCategory, source: FinancingSource): boolean {
  return allowedSources[expense].includes(source);
}

export const FinancingLine = z
  .object({
    moId: IdText,
    expense: ExpenseCategory,
    source: FinancingSource,
    /** Roubles, kopecks allowed. */
    amount: z.number().nonnegative().finite(),
  })
  .strict();
export type FinancingLine = z.infer<typeof FinancingLine>;
