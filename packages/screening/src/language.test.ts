import { describe, expect, it } from 'vitest';
import { detectLanguage, languageFromTag } from './language.js';

describe('detectLanguage', () => {
  it.each([
    ['Customer service job in Cambodia, free flight and visa, contact us on Telegram', 'en'],
    [
      'Dibutuhkan segera admin online, gaji 8 juta per bulan, tiket pesawat ditanggung perusahaan',
      'id',
    ],
    ['Kekosongan jawatan khidmat pelanggan, gaji RM5000 sebulan, boleh berbahasa Inggeris', 'ms'],
    ['Tuyển nhân viên CSKH, lương 20 triệu/tháng, không cần kinh nghiệm', 'vi'],
    ['Tuyen nhan vien cham soc khach hang luong cao khong can kinh nghiem', 'vi'],
    ['Hiring po kami ng typist, libre ang pamasahe at tirahan, walang experience ok lang', 'tl'],
    ['Buscamos personal de atención al cliente, sin experiencia, vuelo gratis', 'es'],
    ['รับสมัครแอดมิน ทำงานที่กัมพูชา งานง่าย รายได้ดี', 'th'],
    ['ក្រុមហ៊ុនជ្រើសរើសបុគ្គលិកវាយអក្សរ ប្រាក់ខែខ្ពស់', 'km'],
    ['မြဝတီတွင် အလုပ်ခေါ်နေသည် လစာကောင်း', 'my'],
    ['西港高薪招聘客服，包吃包住，联系 Telegram @abc', 'zh'],
    ['कंबोडिया में डाटा एंट्री की नौकरी, मुफ्त हवाई टिकट', 'hi'],
    ['ບໍລິສັດຮັບສະໝັກພະນັກງານ', 'lo'],
  ])('%s → %s', (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it('answers und when there are no letters', () => {
    expect(detectLanguage('+855 12 345 678 !!!')).toBe('und');
  });
});

describe('languageFromTag', () => {
  it('maps BCP 47 tags and aliases', () => {
    expect(languageFromTag('fil-PH')).toBe('tl');
    expect(languageFromTag('zh-Hant')).toBe('zh');
    expect(languageFromTag('in')).toBe('id');
    expect(languageFromTag('xx')).toBeNull();
  });
});
