"""Vietnamese-looking text, and the queries drawn from the same words."""

import random

# Common Vietnamese syllables (the search indexes syllables: words are split
# on spaces). Drawn with Zipf weights, so the first ones are in most articles.
VOCABULARY = """
của và các có được cho là người trong những với này không một đã đến khi về
từ nhà nước năm thành phố việt nam công tác phát triển kinh tế xã hội chính
trị văn hóa giáo dục y sức khỏe bệnh viện trường học sinh giáo thị doanh
nghiệp đầu tư ngân hàng tài giá vàng chứng khoán bất động sản xây dựng giao
thông đường cao tốc cầu sân bay du lịch biển đảo miền bắc trung tây nguyên
đồng bằng sông cửu long hà nội hồ chí minh đà nẵng huế cần thơ hải phòng
quảng ninh nghệ an thanh bóng đá đội tuyển thủ huấn luyện trận đấu giải vô
địch bàn thắng khán âm nhạc ca sĩ phim điện ảnh sân khấu triển lãm sách báo
thơ truyện sử truyền thống lễ tết đán mùa xuân hạ thu đông mưa bão lũ lụt
nắng nóng thời tiết khí hậu môi rừng cây xanh nông lúa gạo cà phê tiêu trái
xuất nhập khẩu hàng hóa thương mại tử nghệ tin trí tuệ nhân tạo khoa nghiên
cứu chuyển đổi số mạng thoại thông minh ứng dữ liệu ninh quốc phòng quân
công pháp luật tòa án xét xử vụ tham nhũng lãng phí hội phủ tướng bộ trưởng
đại biểu cử tri dân gia đình trẻ em phụ nữ tuổi niên lao việc làm tiền
lương bảo hiểm ở đô nông thôn làng quê ẩm thực món ăn phở bánh mì chợ đêm
mua sắm cả tăng giảm mạnh nhẹ mới cũ lớn nhỏ đẹp tốt xấu nhanh chậm sáng tối
hôm nay ngày mai tuần tháng quý sẽ đang vừa rất nhiều ít hơn nhất cũng còn
nên phải muốn cần thể lên xuống ra vào trên dưới sau trước giữa ngoài bên
cùng theo như vì nếu nhưng thì mà hay hoặc để bởi tại qua lại đi tới
chúng tôi họ ông bà anh chị bạn mình ai gì nào đâu sao bao giờ lúc nơi
điều vấn đề kết quả hoạt động chương trình dự án kế hoạch chính sách quy
định nghị quyết hội nghị cuộc họp buổi lễ tổ chức đơn vị cơ quan địa
phương tỉnh huyện xã thôn bản cộng đồng khu vực vùng lãnh thổ biên giới
""".split()
# Words planted once each, in a title or a body, for the sanity check.
PLANTED_TITLE = ("Thạchsanhq", "Lạclongx", "Âucơz")
PLANTED_BODY = ("Sơntinhw", "Thủytinhk")


class Writer:
    """Vietnamese-looking text from VOCABULARY with Zipf word frequencies."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = list(dict.fromkeys(VOCABULARY))
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(self.words))]
        shuffled = self.words[:]
        rng.shuffle(shuffled)  # frequency independent of the list's order
        self.by_rank = shuffled
        total, self.cum = 0.0, []
        for weight in weights:
            total += weight
            self.cum.append(total)

    def words_(self, count: int) -> list[str]:
        return self.rng.choices(self.by_rank, cum_weights=self.cum, k=count)

    def sentence(self, count: int) -> str:
        chosen = self.words_(count)
        return " ".join([chosen[0].capitalize(), *chosen[1:]])

    def title(self) -> str:
        return self.sentence(self.rng.randint(6, 12))

    def body(self) -> list[str]:
        """80-150 words in 2-4 paragraphs of sentences."""
        total = self.rng.randint(80, 150)
        paragraphs = self.rng.randint(2, 4)
        sizes = [total // paragraphs] * paragraphs
        sizes[-1] += total - sum(sizes)
        result = []
        for size in sizes:
            sentences, left = [], size
            while left > 0:
                length = min(left, self.rng.randint(8, 18))
                sentences.append(self.sentence(length) + ".")
                left -= length
            result.append(" ".join(sentences))
        return result


def make_queries(writer: Writer, words: int, count: int) -> list[str]:
    from toasoan.search.text import has_diacritics
    from toasoan.vietnamese import fold

    rng = writer.rng
    accented = [w for w in writer.words if has_diacritics(w)]
    queries = []
    for i in range(count):
        if i % 2 == 0:
            queries.append(" ".join(rng.choices(accented, k=words)))
        else:
            queries.append(
                " ".join(fold(w) for w in rng.choices(writer.words, k=words))
            )
    return queries
