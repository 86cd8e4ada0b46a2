import { CaseKind } from '@lib/contracts';

// Kind frames: how citizens actually put a complaint, denunciation, recommendation or reflection into words.
// Slots filled by the generator: {intro} {greeting} {closing} {P} problem, {R} proposal, {D} decision, {V} violation,
// {G} grounds, {A} the body whose decision is contested, {W} the addressee, {loc} place, {name} {num} {date} {n}
// {months} {year}. Frames at index % 4 === 3 are held out for the evaluation split. Colloquial frames (tag 'c') are
// written the way people type on a phone; the style pass may still strip marks or add abbreviations.

export interface Frame {
  register: 'f' | 'c';
  text: string;
  /** The complaint is a second-instance one: the competent level is one tier up from {A}. */
  isSecondInstance?: boolean;
}

export const FRAMES: Record<CaseKind, Frame[]> = {
  complaint: [
    {
      register: 'f',
      text: '{greeting}{intro} Tôi làm đơn này khiếu nại Quyết định số {num}/QĐ-UBND ngày {date} của {A} về việc {D}. Tôi cho rằng quyết định trên là trái pháp luật vì {G}, xâm phạm quyền và lợi ích hợp pháp của gia đình tôi. Đề nghị {A} xem xét lại và hủy bỏ quyết định nêu trên. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Gia đình tôi không đồng ý với Quyết định số {num} ngày {date} của {A} về việc {D}, bởi vì {G}. Kính đề nghị cơ quan có thẩm quyền xem xét lại quyết định này, bảo vệ quyền lợi chính đáng cho gia đình tôi. {closing}',
    },
    {
      register: 'f',
      text: 'ĐƠN KHIẾU NẠI. Người khiếu nại: {name}, địa chỉ {loc}. Người bị khiếu nại: {A}. Nội dung khiếu nại: {A} đã ban hành quyết định về việc {D}. Lý do: {G}. Yêu cầu của người khiếu nại: hủy quyết định, khôi phục quyền lợi hợp pháp cho gia đình tôi. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Ngày {date}, {A} ban hành quyết định giải quyết khiếu nại lần đầu, giữ nguyên quyết định về việc {D}. Tôi không đồng ý với kết quả giải quyết khiếu nại lần đầu vì {G}, nên tiếp tục khiếu nại lần hai, đề nghị cấp trên xem xét giải quyết theo quy định. {closing}',
      isSecondInstance: true,
    },
    {
      register: 'c',
      text: 'Em chào anh chị ạ. Nhà em bị {A} ra quyết định {D} mà {G}. Em thấy như vậy là không đúng, em muốn khiếu nại quyết định này, mong được xem xét lại ạ.',
    },
    {
      register: 'f',
      text: '{greeting}Tôi là {name}, trú tại {loc}. Tôi khiếu nại hành vi hành chính của {A} trong việc {D}. Việc làm này không đúng quy định vì {G}, gây thiệt hại cho gia đình tôi. Đề nghị chấm dứt hành vi trái pháp luật và yêu cầu bồi thường thiệt hại theo quy định. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi viết đơn này không nhằm tố cáo cá nhân nào mà khiếu nại Quyết định số {num} của {A} về việc {D}. Quyết định chưa đúng vì {G}. Kính đề nghị xem xét lại, hủy bỏ quyết định. {closing}',
    },
    {
      register: 'f',
      text: 'Khiếu nại Quyết định {num}/QĐ-UBND của {A} về việc {D}. Lý do: {G}. Đề nghị hủy bỏ.',
    },
    {
      register: 'c',
      text: 'Tôi nhận được quyết định của {A} về việc {D}, trong khi {G}. Quyết định như vậy là sai, tôi không đồng ý và đề nghị xem xét lại, hủy quyết định đó.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Năm {year}, gia đình tôi đã được cơ quan chức năng xác nhận. Tuy nhiên ngày {date}, {A} lại ban hành quyết định về việc {D}. Tôi đã gửi đơn khiếu nại lần đầu nhưng đến nay đã quá thời hạn giải quyết mà chưa nhận được quyết định giải quyết khiếu nại. Tôi đề nghị {A} sớm giải quyết, hủy quyết định trái pháp luật vì {G}. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi nhận được Quyết định số {num} về việc {D} do {A} ký ban hành. Quyết định này xâm phạm trực tiếp đến quyền lợi của gia đình tôi, vì {G}. Tôi đề nghị thu hồi quyết định và giải quyết lại cho đúng pháp luật. {closing}',
    },
    {
      register: 'c',
      text: 'Sao {A} lại ra quyết định {D} với nhà tôi? {G} cơ mà. Tôi khiếu nại, yêu cầu hủy cái quyết định đó, trả lại quyền lợi cho gia đình tôi.',
    },
    {
      register: 'f',
      text: '{greeting}Tôi không đồng ý với Quyết định giải quyết khiếu nại lần đầu số {num} của {A} liên quan đến việc {D}. Căn cứ Luật Khiếu nại, tôi khiếu nại lần hai, kính đề nghị xem xét lại toàn bộ vụ việc vì {G}. {closing}',
      isSecondInstance: true,
    },
    {
      register: 'f',
      text: '{intro} Quyết định về việc {D} của {A} là không thỏa đáng. {G}, vậy mà cán bộ vẫn ra quyết định. Tôi yêu cầu xem xét lại quyết định hành chính này. {closing}',
    },
    {
      register: 'c',
      text: 'Nhà mình vừa nhận quyết định {D} của {A}. {G} mà vẫn bị như vậy, giờ mình muốn làm đơn khiếu nại thì gửi đâu ạ?',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Ngày {date}, tôi nhận được Quyết định số {num} của {A} về việc {D}. Tôi khiếu nại quyết định này với lý do: {G}. Đề nghị cơ quan có thẩm quyền giải quyết theo đúng quy định của Luật Khiếu nại. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Gia đình tôi bị {A} ban hành quyết định {D} một cách trái pháp luật, xâm phạm nghiêm trọng quyền lợi hợp pháp, trong khi {G}. Tôi đề nghị xem xét lại và bồi thường thiệt hại cho gia đình tôi. {closing}',
    },
  ],
  denunciation: [
    {
      register: 'f',
      text: '{greeting}{intro} Tôi làm đơn này tố cáo {V}. Sự việc diễn ra từ tháng {n} năm {year}, có nhiều người dân chứng kiến. Đề nghị {W} làm rõ sai phạm và xử lý nghiêm theo quy định của pháp luật. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi xin cung cấp thông tin: {V}. Đây là hành vi vi phạm pháp luật nghiêm trọng, đề nghị {W} xác minh và xử lý nghiêm người vi phạm. {closing}',
    },
    {
      register: 'f',
      text: 'ĐƠN TỐ CÁO. Người tố cáo: {name}, trú tại {loc}. Nội dung tố cáo: {V}. Chứng cứ kèm theo gồm ảnh chụp, ghi âm và lời khai của các hộ liên quan. Yêu cầu {W} điều tra, xử lý theo pháp luật và giữ bí mật thông tin người tố cáo. {closing}',
    },
    {
      register: 'c',
      text: 'Cho em tố cáo: {V}. Mong các anh chị xử lý giúp, em có ảnh và clip làm bằng chứng ạ.',
    },
    {
      register: 'f',
      text: 'Chúng tôi là các hộ dân ở {loc}, đồng loạt tố giác việc {V}. Chúng tôi có đủ chứng cứ và sẵn sàng cung cấp khi cơ quan chức năng yêu cầu. Đề nghị {W} vào cuộc, làm rõ trách nhiệm. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Vừa qua {V}. Việc làm này gây thiệt hại cho người dân và Nhà nước nhưng chưa bị xử lý. Yêu cầu {W} kiểm tra, xử lý nghiêm người vi phạm. {closing}',
    },
    {
      register: 'f',
      text: '{greeting}Tôi đã nhiều lần phản ánh nhưng không được xử lý, nay tôi làm đơn tố cáo {V}. Đề nghị làm rõ, nếu đúng thì xử lý nghiêm. {closing}',
    },
    {
      register: 'f',
      text: 'Tố cáo {V}.',
    },
    {
      register: 'c',
      text: 'Tôi muốn tố cáo {V}. Cả xóm ai cũng biết mà không ai dám nói, đề nghị các cơ quan chức năng xử lý nghiêm.',
    },
    {
      register: 'f',
      text: '{greeting}Tôi là người dân sinh sống tại {loc}, biết rõ sự việc {V}. Tôi cam đoan những nội dung tố cáo trên là đúng sự thật và chịu trách nhiệm trước pháp luật. Kính đề nghị {W} xem xét, xử lý. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi tố cáo {V}. Hành vi này có dấu hiệu lợi dụng chức vụ, bao che sai phạm, gây bức xúc trong nhân dân. Đề nghị {W} xác minh làm rõ. {closing}',
    },
    {
      register: 'c',
      text: 'Bức xúc quá nên phải viết đơn này: {V}. Ai có trách nhiệm thì vào cuộc xử lý nghiêm giúp dân với.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Bằng đơn này, tôi tố giác hành vi vi phạm pháp luật sau: {V}. Kèm theo đơn là các tài liệu chứng minh. Rất mong {W} sớm thụ lý giải quyết tố cáo. {closing}',
    },
    {
      register: 'f',
      text: 'Kính báo để {W} biết: {V}. Đề nghị kiểm tra, làm rõ và xử lý nghiêm những người có sai phạm, tránh để kéo dài gây mất lòng tin.',
    },
    {
      register: 'c',
      text: 'Mọi người ơi, {V} mà chẳng ai dám lên tiếng. Em làm đơn này đề nghị công an và chính quyền xử lý nghiêm kẻ vi phạm.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Tôi xin trình báo sự việc: {V}. Hành vi trên là vi phạm pháp luật, gây thiệt hại cho nhiều người. Kính đề nghị {W} thụ lý, xác minh và xử lý người vi phạm theo quy định. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Với tư cách công dân, tôi tố cáo hành vi sai phạm sau: {V}. Tôi đề nghị được giữ bí mật họ tên, địa chỉ của người tố cáo. {closing}',
    },
  ],
  recommendation: [
    {
      register: 'f',
      text: '{greeting}{intro} Tôi xin kiến nghị {W} {R}. Lý do là hiện nay {P}. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Kính mong {W} quan tâm, xem xét {R}, vì {P}. {closing}',
    },
    {
      register: 'f',
      text: 'Đề xuất: {R}. Hiện nay {P}, người dân rất mong được quan tâm giải quyết.',
    },
    {
      register: 'c',
      text: 'Mong {W} sớm {R} ạ, chứ {P} mãi thế này thì khổ dân quá.',
    },
    {
      register: 'f',
      text: '{greeting}Nguyện vọng của chúng tôi, các hộ dân {loc}, là {W} {R}. Chúng tôi sẵn sàng phối hợp và đóng góp ngày công. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi có ý kiến góp ý như sau: đề nghị {W} {R}. Làm được như vậy sẽ giúp người dân yên tâm, cuộc sống thuận lợi hơn. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Để người dân có thể dễ dàng tố cáo các trường hợp sai phạm, tôi kiến nghị {W} {R}, đồng thời lập đường dây nóng tiếp nhận thông tin. {closing}',
    },
    {
      register: 'f',
      text: 'Tôi không khiếu nại gì, chỉ xin kiến nghị {W} {R}. {closing}',
    },
    {
      register: 'c',
      text: 'Kiến nghị {W} {R}. Tình hình {P} lâu rồi, mong được quan tâm.',
    },
    {
      register: 'f',
      text: '{greeting}Thay mặt các hộ dân {loc}, tôi đề nghị {W} {R}. Việc này rất cần thiết vì {P}. Kính mong được xem xét. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Qua theo dõi thực tế, tôi đề xuất {W} {R}. Đây là nguyện vọng chính đáng của nhiều người dân trong khu vực. {closing}',
    },
    {
      register: 'c',
      text: 'Cho em góp ý chút ạ: nên {R}. {P} nên mọi người đều mong lắm ạ.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Kính đề nghị {W} xem xét {R}. Tôi xin gửi kèm ý kiến của các hộ trong tổ dân phố ủng hộ đề xuất này. {closing}',
    },
    {
      register: 'f',
      text: 'Kính gửi {W}. Xin được kiến nghị một việc: {R}. Mong nhận được phản hồi.',
    },
    {
      register: 'c',
      text: 'Theo em thì {W} nên {R}, vì {P}. Mong được quan tâm ạ.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Trước thực trạng {P}, chúng tôi kính đề xuất {W} {R}. Đề xuất này đã được đa số hộ dân trong tổ dân phố đồng thuận. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi mong {W} {R}. Nếu được chấp thuận, người dân sẽ rất phấn khởi. {closing}',
    },
  ],
  reflection: [
    {
      register: 'f',
      text: '{greeting}{intro} Tôi xin phản ánh tình trạng {P} tại {loc}. Tình trạng này kéo dài nhiều tháng nay, gây ảnh hưởng đến đời sống của người dân. Đề nghị {W} kiểm tra, xử lý. {closing}',
    },
    {
      register: 'f',
      text: 'Hiện nay, tại {loc} đang diễn ra tình trạng {P}. Người dân rất bức xúc. {closing}',
    },
    {
      register: 'c',
      text: 'Ở {loc} {P} mấy tháng nay rồi mà chả thấy ai xử lý, dân ở đây khổ lắm.',
    },
    {
      register: 'f',
      text: 'Phản ánh: {P} ({loc}). Đã nhiều lần báo tổ dân phố nhưng chưa được giải quyết.',
    },
    {
      register: 'f',
      text: '{intro} Bà con đã khiếu nại nhiều lần với tổ dân phố về việc {P} nhưng đến nay vẫn không ai giải quyết. Tôi gửi thông tin để {W} nắm được tình hình và có biện pháp. {closing}',
    },
    {
      register: 'f',
      text: '{greeting}Tôi là cư dân {loc}, xin thông tin tới {W} việc {P}. Sự việc đã xảy ra từ {months} tháng nay. {closing}',
    },
    {
      register: 'f',
      text: 'Tình trạng {P} tại {loc}.',
    },
    {
      register: 'c',
      text: 'Cho hỏi sao {P} mà không ai xử lý vậy? Ở {loc} này. Mong cơ quan chức năng vào cuộc.',
    },
    {
      register: 'f',
      text: '{intro} Nhiều năm nay, {P}. Chính quyền địa phương đã được báo nhưng chưa có giải pháp triệt để. Đề nghị {W} kiểm tra thực tế. {closing}',
    },
    {
      register: 'f',
      text: 'Không phải tôi muốn tố cáo ai, nhưng {P} tại {loc} đã ảnh hưởng rất nhiều đến gia đình tôi. Mong được kiểm tra. {closing}',
    },
    {
      register: 'c',
      text: 'Phản ánh giúp dân: {P}. Chỗ {loc} ấy ạ, đi qua là thấy ngay.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Tôi xin phản ánh đến {W} một sự việc: {P}. Việc này diễn ra thường xuyên, gây mất an toàn và ảnh hưởng đến sinh hoạt của các hộ xung quanh. {closing}',
    },
    {
      register: 'f',
      text: 'Qua đường dây nóng, người dân phản ánh {P} tại {loc}, đề nghị xác minh.',
    },
    {
      register: 'c',
      text: 'Dân {loc} phản ánh {P}, kéo dài lâu rồi, ảnh hưởng đến sinh hoạt của mọi người.',
    },
    {
      register: 'c',
      text: 'Ai quản lý vụ này vậy? {P}, đi qua {loc} là thấy, nhìn mà ngán.',
    },
    {
      register: 'f',
      text: '{greeting}{intro} Thời gian gần đây, {P}. Đề nghị {W} cử cán bộ xuống kiểm tra thực tế và có biện pháp chấn chỉnh. {closing}',
    },
    {
      register: 'f',
      text: '{intro} Tôi xin báo cáo để cơ quan chức năng được biết: {P} ({loc}). Người dân mong sớm có hướng xử lý. {closing}',
    },
  ],
};

/** Second passages for mixed petitions: the text behind a secondary kind. */
export const MIXED_TAILS: Record<'denunciation' | 'recommendation' | 'complaint', string[]> = {
  denunciation: [
    'Đồng thời, tôi tố cáo {V}, đề nghị xử lý nghiêm.',
    'Ngoài ra, tôi tố cáo việc {V}.',
    'Bên cạnh đó tôi còn tố giác {V}, đề nghị làm rõ sai phạm.',
    'Tôi cũng làm đơn tố cáo {V}.',
  ],
  recommendation: [
    'Ngoài ra, tôi kiến nghị {W} {R}.',
    'Bên cạnh đó, tôi xin kiến nghị {R}.',
    'Đồng thời kính mong {W} xem xét {R}.',
    'Tôi cũng đề xuất {W} {R}.',
  ],
  complaint: [
    'Đồng thời tôi khiếu nại Quyết định số {num} của {A} về việc {D}, đề nghị hủy bỏ.',
    'Ngoài ra, tôi không đồng ý và khiếu nại quyết định về việc {D} của {A}.',
    'Tôi cũng khiếu nại quyết định về việc {D}, đề nghị xem xét lại.',
    'Bên cạnh đó, gia đình tôi khiếu nại việc {A} ban hành quyết định {D}.',
  ],
};
