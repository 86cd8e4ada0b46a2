// Hanoi places and people for the corpus generator. Wards cover the org directory's gazetteer and many places outside
// it, so the model learns that an address is not a routing signal.

export interface Place {
  ward: string;
  wardType: 'phường' | 'xã' | 'thị trấn';
  district: string;
  districtType: 'quận' | 'huyện' | 'thị xã';
}

const URBAN: [string, string[]][] = [
  [
    'Ba Đình',
    [
      'Phúc Xá',
      'Trúc Bạch',
      'Vĩnh Phúc',
      'Cống Vị',
      'Liễu Giai',
      'Quán Thánh',
      'Ngọc Hà',
      'Đội Cấn',
      'Ngọc Khánh',
      'Kim Mã',
      'Giảng Võ',
      'Thành Công',
    ],
  ],
  [
    'Đống Đa',
    [
      'Cát Linh',
      'Văn Miếu',
      'Quốc Tử Giám',
      'Láng Thượng',
      'Ô Chợ Dừa',
      'Văn Chương',
      'Hàng Bột',
      'Láng Hạ',
      'Khâm Thiên',
      'Trung Liệt',
      'Kim Liên',
    ],
  ],
  [
    'Cầu Giấy',
    ['Nghĩa Đô', 'Quan Hoa', 'Dịch Vọng', 'Dịch Vọng Hậu', 'Mai Dịch', 'Yên Hòa', 'Trung Hòa', 'Nghĩa Tân'],
  ],
  [
    'Hoàn Kiếm',
    [
      'Hàng Bạc',
      'Hàng Bồ',
      'Hàng Buồm',
      'Hàng Đào',
      'Hàng Gai',
      'Hàng Mã',
      'Lý Thái Tổ',
      'Phan Chu Trinh',
      'Tràng Tiền',
    ],
  ],
  ['Tây Hồ', ['Quảng An', 'Nhật Tân', 'Tứ Liên', 'Xuân La', 'Thụy Khuê', 'Bưởi']],
  ['Long Biên', ['Bồ Đề', 'Ngọc Thụy', 'Gia Thụy', 'Phúc Đồng', 'Thạch Bàn', 'Việt Hưng']],
  ['Hai Bà Trưng', ['Bạch Mai', 'Minh Khai', 'Vĩnh Tuy', 'Thanh Lương', 'Quỳnh Mai', 'Trương Định']],
  ['Hoàng Mai', ['Định Công', 'Đại Kim', 'Hoàng Liệt', 'Lĩnh Nam', 'Tân Mai', 'Yên Sở']],
  ['Thanh Xuân', ['Khương Đình', 'Khương Trung', 'Nhân Chính', 'Thượng Đình', 'Kim Giang', 'Hạ Đình']],
  ['Nam Từ Liêm', ['Mỹ Đình 1', 'Mỹ Đình 2', 'Mễ Trì', 'Phú Đô', 'Tây Mỗ', 'Đại Mỗ', 'Xuân Phương']],
  ['Bắc Từ Liêm', ['Cổ Nhuế 1', 'Cổ Nhuế 2', 'Xuân Đỉnh', 'Phú Diễn', 'Thượng Cát', 'Đông Ngạc']],
  ['Hà Đông', ['Yên Nghĩa', 'Văn Quán', 'Mộ Lao', 'Kiến Hưng', 'Dương Nội', 'La Khê', 'Phú Lãm']],
];
const RURAL: [string, string[]][] = [
  ['Đông Anh', ['Kim Chung', 'Tiên Dương', 'Uy Nỗ', 'Vân Nội', 'Hải Bối', 'Nguyên Khê']],
  ['Gia Lâm', ['Phù Đổng', 'Đa Tốn', 'Kiêu Kỵ', 'Bát Tràng', 'Dương Xá']],
  ['Hoài Đức', ['Vân Canh', 'An Khánh', 'Kim Chung', 'Sơn Đồng', 'Đức Thượng']],
  ['Thanh Trì', ['Tam Hiệp', 'Tả Thanh Oai', 'Vĩnh Quỳnh', 'Ngũ Hiệp', 'Liên Ninh']],
  ['Ba Vì', ['Tản Lĩnh', 'Vân Hòa', 'Ba Trại', 'Cẩm Lĩnh']],
  ['Chương Mỹ', ['Phú Nghĩa', 'Thủy Xuân Tiên', 'Đông Phương Yên', 'Trường Yên']],
  ['Sóc Sơn', ['Phù Linh', 'Mai Đình', 'Tiên Dược', 'Minh Phú']],
  ['Thường Tín', ['Vạn Điểm', 'Nhị Khê', 'Hà Hồi', 'Tô Hiệu']],
  ['Mê Linh', ['Tiền Phong', 'Mê Linh', 'Tráng Việt', 'Thanh Lâm']],
  ['Quốc Oai', ['Sài Sơn', 'Phượng Cách', 'Ngọc Mỹ']],
  ['Thạch Thất', ['Bình Yên', 'Hương Ngải', 'Canh Nậu']],
  ['Ứng Hòa', ['Vạn Thái', 'Hòa Xá', 'Đồng Tiến']],
];

export const PLACES: Place[] = [
  ...URBAN.flatMap(([district, wards]) =>
    wards.map((ward): Place => ({ ward, wardType: 'phường', district, districtType: 'quận' })),
  ),
  ...RURAL.flatMap(([district, wards]) =>
    wards.map((ward): Place => ({ ward, wardType: 'xã', district, districtType: 'huyện' })),
  ),
  { ward: 'Lê Lợi', wardType: 'phường', district: 'Sơn Tây', districtType: 'thị xã' },
  { ward: 'Trung Hưng', wardType: 'phường', district: 'Sơn Tây', districtType: 'thị xã' },
  { ward: 'Đông Anh', wardType: 'thị trấn', district: 'Đông Anh', districtType: 'huyện' },
  { ward: 'Trâu Quỳ', wardType: 'thị trấn', district: 'Gia Lâm', districtType: 'huyện' },
];

export const STREETS = [
  'phố Đội Cấn',
  'phố Kim Mã',
  'đường Láng',
  'phố Láng Hạ',
  'đường Nguyễn Chí Thanh',
  'phố Thái Hà',
  'đường Giải Phóng',
  'phố Trần Duy Hưng',
  'đường Phạm Văn Đồng',
  'đường Hồ Tùng Mậu',
  'phố Xuân Thủy',
  'đường Lạc Long Quân',
  'phố Hoàng Hoa Thám',
  'đường Nguyễn Văn Cừ',
  'phố Minh Khai',
  'đường Tam Trinh',
  'đường Nguyễn Trãi',
  'phố Khương Trung',
  'đường Quang Trung',
  'đường Tố Hữu',
  'phố Cầu Giấy',
  'đường Trường Chinh',
  'phố Tôn Đức Thắng',
  'đường Âu Cơ',
  'đường Ngọc Hồi',
  'quốc lộ 32',
  'đường Võ Chí Công',
  'phố Hàng Bông',
  'phố Bạch Mai',
  'đường Lĩnh Nam',
];

export const NAMES = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Lê Hoàng Cường',
  'Phạm Thu Dung',
  'Hoàng Minh Đức',
  'Vũ Thị Hà',
  'Đặng Quốc Huy',
  'Bùi Thanh Lan',
  'Đỗ Văn Long',
  'Ngô Thị Mai',
  'Dương Văn Nam',
  'Lý Thị Oanh',
  'Phan Văn Phúc',
  'Trịnh Thị Quyên',
  'Cao Văn Sơn',
  'Đinh Thị Thảo',
  'Tạ Văn Toàn',
  'Lương Thị Uyên',
  'Hồ Văn Vinh',
  'Kiều Thị Xuân',
  'Nguyễn Thị Yến',
  'Trần Văn Khải',
  'Lê Thị Hằng',
  'Mai Văn Tiến',
];

export const COMPANIES = [
  'TNHH Thương mại Hoàng Long',
  'Cổ phần Đầu tư Xây dựng Sông Hồng',
  'TNHH Môi trường Xanh Việt',
  'Cổ phần Bất động sản Minh Phát',
  'TNHH Sản xuất Nhựa Tân Tiến',
  'Cổ phần Phát triển Đô thị An Khánh',
  'TNHH Dịch vụ Bảo vệ Thăng Long',
  'Cổ phần Địa ốc Hà Thành',
  'TNHH May mặc Đức Giang Mới',
  'Cổ phần Vật liệu Xây dựng Tây Đô',
];
