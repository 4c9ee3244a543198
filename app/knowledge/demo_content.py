"""The demo's knowledge content. Guides state only facts checked in public sources, cited at their end;
the good-practice models are illustrative demo cases of demo organisations and say so."""
from __future__ import annotations

SOURCES_ECOLABEL = """
- VnEconomy, "Vietnam Ecolabel certification granted to products and services" (2025): https://vneconomy.vn/vietnam-ecolabel-certification-granted-to-products-and-services.htm
- Global PCCS, "Vietnam promulgates Ecolabel criteria for biodegradable and recycled plastic packaging" (27/12/2023): https://globalpccs.com/2023/12/27/vietnam-promulgates-ecolabel-criteria-for-biodegradable-and-recycled-plastic-packaging/
- Bộ Nông nghiệp và Môi trường / Ministry of Agriculture and Environment, "Ensuring transparency in administrative procedures for Eco-label Certification" (28/11/2025): https://en.mae.gov.vn/environment/ensuring-transparency-in-administrative-procedures-for-ecolabel-certification-9168.htm
- Xinhua, "Vietnam sets eco-label criteria" (20/11/2023): https://english.news.cn/20231120/42edd5085de243e28c87232347984a56/c.html
"""

GUIDE_ECOLABEL_VI = """Nhãn sinh thái Việt Nam (trước đây là Nhãn xanh Việt Nam) là chứng nhận **tự nguyện** cho sản phẩm, dịch vụ thân thiện với môi trường. Hướng dẫn này tóm tắt các bước để một doanh nghiệp chuẩn bị đề nghị chứng nhận.

## Cơ sở pháp lý

- Luật Bảo vệ môi trường 2020, Điều 145 (nhãn sinh thái Việt Nam);
- Nghị định 08/2022/NĐ-CP quy định chi tiết một số điều của Luật Bảo vệ môi trường;
- Thông tư 02/2022/TT-BTNMT quy định chi tiết thi hành một số điều của Luật Bảo vệ môi trường;
- Tiêu chí theo từng nhóm sản phẩm, ví dụ **NSTVN-01:2023** – bao bì nhựa thân thiện môi trường (Quyết định 3257/QĐ-BTNMT ngày 07/11/2023).

Cơ quan chứng nhận hiện nay là **Bộ Nông nghiệp và Môi trường** (trước đây là Bộ Tài nguyên và Môi trường). Bộ công bố và cập nhật danh sách sản phẩm, dịch vụ được chứng nhận.

## Các bước chuẩn bị

1. **Kiểm tra đã có bộ tiêu chí cho nhóm sản phẩm của bạn chưa.** Chỉ nhóm sản phẩm đã có tiêu chí được công bố mới được chứng nhận theo tiêu chí đó.
2. **Đối chiếu sản phẩm và cơ sở sản xuất với tiêu chí.** Tiêu chí chung yêu cầu sản phẩm được sản xuất tại cơ sở tuân thủ pháp luật về bảo vệ môi trường; tiêu chí cụ thể quy định nguyên liệu, đặc tính kỹ thuật, giới hạn chất ô nhiễm và việc thu hồi, tái chế sau sử dụng.
3. **Chuẩn bị bằng chứng:** kết quả thử nghiệm, hồ sơ nguồn nguyên liệu, kế hoạch thu hồi và tái chế (nếu tiêu chí yêu cầu).
4. **Lập hồ sơ đề nghị chứng nhận** theo trình tự, thủ tục và biểu mẫu của Thông tư 02/2022/TT-BTNMT và gửi Bộ Nông nghiệp và Môi trường.
5. **Được chứng nhận:** quyết định chứng nhận có hiệu lực **36 tháng** kể từ ngày cấp. Chứng nhận có thể bị thu hồi khi sản phẩm không còn đáp ứng tiêu chí.

## Lợi ích

- Sản phẩm được chứng nhận được hưởng các chính sách ưu đãi tại Mục 2 Chương X Nghị định 08/2022/NĐ-CP;
- Sản phẩm thân thiện môi trường được ưu tiên trong mua sắm công.

## Trên GreenConnect

Khi có quyết định chứng nhận, hãy khai báo chứng nhận cho sản phẩm (mục *Chứng nhận* của sản phẩm) kèm bản quyết định: cán bộ thẩm định của chương trình kiểm tra và sản phẩm hiển thị huy hiệu "Đã xác minh" trong kết quả tìm kiếm cho đến ngày hết hạn.

## Nguồn
""" + SOURCES_ECOLABEL

GUIDE_ECOLABEL_EN = """The Vietnam Ecolabel (formerly the Vietnam Green Label) is a **voluntary** certification of environmentally friendly products and services. This guide summarises how a business prepares an application.

## Legal basis

- Law on Environmental Protection 2020, Article 145 (the Vietnam Ecolabel);
- Decree 08/2022/NĐ-CP detailing the Law on Environmental Protection;
- Circular 02/2022/TT-BTNMT detailing the implementation of the Law;
- criteria per product group, e.g. **NSTVN-01:2023** – environmentally friendly plastic packaging (Decision 3257/QĐ-BTNMT of 7 November 2023).

The certifying body today is the **Ministry of Agriculture and Environment** (formerly the Ministry of Natural Resources and Environment). The ministry publishes and updates the list of certified products and services.

## Steps

1. **Check that criteria exist for your product group.** Products are certified against a published criteria set.
2. **Compare your product and factory with the criteria.** The general criterion requires production in a facility that complies with environmental protection law; the specific criteria cover materials, technical properties, contaminant limits and take-back and recycling after use.
3. **Gather evidence:** test results, records of material sources, a take-back and recycling plan where the criteria ask for one.
4. **Prepare the application** following the procedure and forms of Circular 02/2022/TT-BTNMT and submit it to the Ministry of Agriculture and Environment.
5. **Certification:** the decision is valid for **36 months** from issue. It can be revoked when the product no longer meets the criteria.

## Benefits

- Certified products qualify for the incentives in Section 2, Chapter X of Decree 08/2022/NĐ-CP;
- environmentally friendly products are given priority in public procurement.

## On GreenConnect

Once certified, declare the certification on your listing (its *Certifications* section) with the decision attached: a programme verifier checks it, and the listing carries a "Verified" badge in search until the certificate expires.

## Sources
""" + SOURCES_ECOLABEL

GUIDE_PACKAGING_VI = """Bộ tiêu chí **NSTVN-01:2023** (Quyết định 3257/QĐ-BTNMT ngày 07/11/2023) áp dụng cho bao bì nhựa dạng túi, màng dùng để bao gói, chứa đựng, bảo vệ sản phẩm, có nguyên liệu chính là nhựa PE hoặc PP, gồm hai loại: **bao bì nhựa phân huỷ sinh học** và **bao bì nhựa tái chế**. Thiết kế sản phẩm ngay từ đầu theo các tiêu chí giúp rút ngắn việc chứng nhận.

## Những điều tiêu chí yêu cầu

| Nhóm tiêu chí | Yêu cầu chính |
|---|---|
| Nguyên liệu | Nhựa phân huỷ sinh học, hoặc nhựa PE, PP tái chế sạch; không chứa phụ gia bị cấm; mực in, chất tạo màu và phụ gia đáp ứng quy định về an toàn sức khoẻ và môi trường |
| Đặc tính kỹ thuật | Đạt tiêu chuẩn quốc gia hoặc tương đương quốc tế; bao bì phân huỷ sinh học phân huỷ **tối thiểu 90% trong 2 năm** trong môi trường tự nhiên, ủ phân compost hoặc bãi chôn lấp; bao bì tái chế có **ít nhất 20%** nguyên liệu từ nhựa tái chế; giới hạn chất ô nhiễm |
| Thu hồi, tái chế, xử lý | Có kế hoạch thu hồi, tái chế bao bì sau sử dụng |

Tiêu chí chung: sản phẩm được sản xuất tại cơ sở tuân thủ pháp luật về bảo vệ môi trường.

## Gợi ý thiết kế

- **Một loại vật liệu:** dùng PE hoặc PP đơn lớp thay cho màng ghép nhiều lớp khó tái chế.
- **Nguồn nhựa tái chế có hồ sơ:** lưu chứng từ về tỷ lệ nhựa tái chế của từng lô để chứng minh mức tối thiểu 20%.
- **Mực in và phụ gia:** chọn nhà cung cấp có bảng dữ liệu an toàn; hạn chế diện tích in.
- **Phân huỷ sinh học:** yêu cầu kết quả thử nghiệm mức phân huỷ trong điều kiện tiêu chí nêu, không chỉ công bố của nhà cung cấp hạt nhựa.
- **Thu hồi:** lập kế hoạch thu hồi với khách hàng lớn (siêu thị, chuỗi bán lẻ) và cơ sở tái chế.

## Nguồn
""" + SOURCES_ECOLABEL

GUIDE_PACKAGING_EN = """The **NSTVN-01:2023** criteria (Decision 3257/QĐ-BTNMT of 7 November 2023) cover plastic packaging in bag or film form used to wrap, contain and protect products, made mainly of PE or PP, in two types: **biodegradable plastic packaging** and **recycled plastic packaging**. Designing to the criteria from the start shortens certification.

## What the criteria require

| Criterion | Main requirements |
|---|---|
| Materials | Biodegradable plastics, or clean recycled PE and PP; no banned additives; inks, colourants and additives meeting health and environmental safety rules |
| Technical properties | National standards or international equivalents; biodegradable packaging at least **90% biodegraded within 2 years** in the natural environment, compost or landfill; recycled packaging with **at least 20%** recycled plastic; contaminant limits |
| Take-back, recycling, disposal | A plan to recover and recycle the packaging after use |

General criterion: made in a facility that complies with environmental protection law.

## Design tips

- **One material:** single-layer PE or PP instead of hard-to-recycle multi-layer laminates.
- **Documented recycled resin:** keep records of each batch's recycled share to show the 20% minimum.
- **Inks and additives:** choose suppliers with safety data sheets; print less surface.
- **Biodegradation:** ask for test results under the conditions the criteria name, not only the resin supplier's claim.
- **Take-back:** plan recovery with large customers (supermarkets, retail chains) and recyclers.

## Sources
""" + SOURCES_ECOLABEL

SOURCES_PROGRAMME = """
- Bộ Công Thương, Quyết định 3529/QĐ-BCT – Kế hoạch hành động của ngành Công Thương thực hiện Chương trình quốc gia về sản xuất và tiêu dùng bền vững giai đoạn 2021–2030 / Ministry of Industry and Trade, Decision 3529/QĐ-BCT – action plan implementing the National Programme on Sustainable Production and Consumption 2021–2030.
- Chương trình quốc gia về sản xuất và tiêu dùng bền vững giai đoạn 2021–2030 (quyết định của Thủ tướng Chính phủ) / National Programme on Sustainable Production and Consumption 2021–2030 (Prime Minister's decision).
"""

GUIDE_RETAIL_VI = """Siêu thị và trung tâm thương mại đang được giao những mục tiêu cụ thể về bao bì và sản phẩm xanh. Nhà sản xuất thực phẩm và đồ uống muốn vào kệ của họ nên biết những con số này.

## Các mục tiêu

- Kế hoạch hành động của Bộ Công Thương (Quyết định 3529/QĐ-BCT): đến năm 2025, **85%** siêu thị và trung tâm thương mại sử dụng bao bì thân thiện môi trường thay thế túi nilon và bao bì nhựa khó phân huỷ dùng một lần; **100%** vào năm 2030.
- Chương trình quốc gia về sản xuất và tiêu dùng bền vững 2021–2030: **10–15%** mã sản phẩm tại siêu thị, trung tâm thương mại được gắn nhãn sinh thái vào năm 2025, **20–30%** vào năm 2030.

## Điều này có nghĩa gì với nhà cung cấp

1. **Bao bì:** chuẩn bị phương án bao bì thân thiện môi trường (giấy, bã mía, nhựa tái chế hoặc phân huỷ sinh học có chứng nhận) cho sản phẩm bán tại siêu thị.
2. **Nhãn sinh thái:** sản phẩm có Nhãn sinh thái Việt Nam giúp nhà bán lẻ đạt tỷ lệ mã sản phẩm được gắn nhãn.
3. **Bằng chứng:** nhà bán lẻ cần chứng nhận còn hiệu lực; trên GreenConnect, chứng nhận được cán bộ thẩm định xác minh và hiển thị đến ngày hết hạn.
4. **Tìm đối tác:** dùng tìm kiếm của GreenConnect để tìm nhà cung cấp bao bì xanh, hoặc đăng yêu cầu báo giá để nhà cung cấp chủ động liên hệ.

## Nguồn
""" + SOURCES_PROGRAMME

GUIDE_RETAIL_EN = """Supermarkets and trade centres have concrete targets for packaging and green products. Food and beverage producers who want their shelves should know these figures.

## The targets

- The Ministry of Industry and Trade's action plan (Decision 3529/QĐ-BCT): by 2025, **85%** of supermarkets and trade centres use environmentally friendly packaging instead of single-use plastic bags and hard-to-degrade plastic packaging; **100%** by 2030.
- The National Programme on Sustainable Production and Consumption 2021–2030: **10–15%** of the product codes in supermarkets and trade centres eco-labelled by 2025, **20–30%** by 2030.

## What it means for suppliers

1. **Packaging:** prepare environmentally friendly packaging (paper, bagasse, certified recycled or biodegradable plastic) for products sold in supermarkets.
2. **Ecolabel:** products with the Vietnam Ecolabel help retailers reach their share of eco-labelled product codes.
3. **Evidence:** retailers need valid certificates; on GreenConnect, certificates are checked by programme verifiers and shown until they expire.
4. **Find partners:** use GreenConnect search to find green packaging suppliers, or post a sourcing request so suppliers come to you.

## Sources
""" + SOURCES_PROGRAMME

DEMO_NOTE_VI = "*Ví dụ minh hoạ của dữ liệu demo: doanh nghiệp và số liệu không phải thực tế.*"
DEMO_NOTE_EN = "*An illustrative demo case: the business and figures are not real.*"
