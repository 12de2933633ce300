<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CommitmentPage</name>
    <message>
        <source>Commitment and signature</source>
        <translation>承诺与签字</translation>
    </message>
    <message>
        <source>Read the commitment to the end; then confirm that you have read it.</source>
        <translation>请将承诺书阅读到底，然后确认已阅读。</translation>
    </message>
    <message>
        <source>I have read the commitment, and I declare that my form is true and complete.</source>
        <translation>本人已阅读承诺书，并承诺所填报的内容真实、准确、完整。</translation>
    </message>
    <message>
        <source>Handwritten signature (optional)</source>
        <translation>手写签名（可选）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>The drawing is kept with your declaration; your password is what signs it.</source>
        <translation>手写签名随登记表一并保存；正式签字以输入密码完成。</translation>
    </message>
    <message>
        <source>Sign with my password…</source>
        <translation>输入密码签字…</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>正在签字…</translation>
    </message>
    <message>
        <source>You have reached the end of the commitment.</source>
        <translation>已阅读至承诺书末尾。</translation>
    </message>
    <message>
        <source>Signing needs a complete form: %1 problems are left. &lt;a href="review"&gt;Show them on the review page&lt;/a&gt;.</source>
        <translation>登记表填写完整后才能签字：还有 %1 个问题。&lt;a href="review"&gt;在核对页查看&lt;/a&gt;。</translation>
    </message>
    <message>
        <source>The form is complete.</source>
        <translation>登记表已填写完整。</translation>
    </message>
</context>
<context>
    <name>FieldFeedback</name>
    <message>
        <source>I have checked it; it is right</source>
        <translation>已核对，确认无误</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <source>‹ Back</source>
        <translation>‹ 上一步</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>下一步 ›</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Commitment and signature</source>
        <translation>承诺与签字</translation>
    </message>
    <message>
        <source>%1 problems to fix</source>
        <translation>有 %1 个问题待处理</translation>
    </message>
</context>
<context>
    <name>InterestEditor</name>
    <message>
        <source>Detail row: %1</source>
        <translation>填报明细：%1</translation>
    </message>
    <message>
        <source>18 characters; the last may be X</source>
        <translation>18 位，最后一位可以是 X</translation>
    </message>
    <message>
        <source>As on the business licence</source>
        <translation>与营业执照一致</translation>
    </message>
    <message>
        <source>18 characters; leave empty if the business has none</source>
        <translation>18 位；没有的可不填</translation>
    </message>
    <message>
        <source>What was or will be done to end it (exit, deregistration), and by when</source>
        <translation>已经或将要采取的整改措施（退出、注销等）及完成时限</translation>
    </message>
    <message>
        <source>The business is within the area my unit polices</source>
        <translation>该企业在本人所在单位辖区内</translation>
    </message>
    <message>
        <source>The business is related to my duties</source>
        <translation>该企业与本人职责相关</translation>
    </message>
    <message>
        <source>Who holds it, and which enterprise</source>
        <translation>经营人及企业</translation>
    </message>
    <message>
        <source>How, and since when</source>
        <translation>参与方式及时间</translation>
    </message>
    <message>
        <source>Relation to your work</source>
        <translation>与本人工作的关系</translation>
    </message>
    <message>
        <source>This row still has %1 problems (shown in the fields above). Click OK again to keep it as it is and finish it later; it cannot be signed until they are solved.</source>
        <translation>本条还有 %1 个问题（见上方各项）。再次点击“确定”可先保留、稍后补充；问题解决前不能签字。</translation>
    </message>
    <message>
        <source>Not needed for yourself</source>
        <translation>本人无需填写</translation>
    </message>
</context>
<context>
    <name>InterestTableModel</name>
    <message>
        <source>Share / capital / income</source>
        <translation>持股比例 / 出资额 / 年收入</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>In own jurisdiction</source>
        <translation>在本人辖区</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>%1 to fix</source>
        <translation>%1 个问题</translation>
    </message>
</context>
<context>
    <name>OfficerLabels</name>
    <message>
        <source>Investor</source>
        <translation>出资人</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Shareholder</source>
        <translation>股东</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>经营管理者</translation>
    </message>
    <message>
        <source>Part-time position</source>
        <translation>兼职</translation>
    </message>
    <message>
        <source>Holds it for someone, or lends the name</source>
        <translation>代持或挂名</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Operating</source>
        <translation>经营中</translation>
    </message>
    <message>
        <source>Being rectified</source>
        <translation>整改中</translation>
    </message>
    <message>
        <source>Exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Deregistered</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>Own business</source>
        <extracomment>Short titles of the questions, for the step list and the review.</extracomment>
        <translation>本人经商办企业</translation>
    </message>
    <message>
        <source>Shareholding</source>
        <translation>持有非上市公司股份</translation>
    </message>
    <message>
        <source>Paid part-time work</source>
        <translation>在企业兼职取酬</translation>
    </message>
    <message>
        <source>Disguised involvement</source>
        <translation>变相参与经商</translation>
    </message>
    <message>
        <source>Relatives' business</source>
        <translation>亲属经商办企业</translation>
    </message>
    <message>
        <source>Specific-related persons' business</source>
        <translation>特定关系人经商办企业</translation>
    </message>
    <message>
        <source>Relation</source>
        <extracomment>The fields of a detail row and of the officer's data, by the last part of a problem's path.</extracomment>
        <translation>关系</translation>
    </message>
    <message>
        <source>Holder's name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Holder's ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Enterprise name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Trade</source>
        <translation>经营行业</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>参与方式</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>持股比例（%）</translation>
    </message>
    <message>
        <source>Capital (10,000 yuan)</source>
        <translation>出资额（万元）</translation>
    </message>
    <message>
        <source>Yearly income (10,000 yuan)</source>
        <translation>年收入（万元）</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>经营状态</translation>
    </message>
    <message>
        <source>Within own jurisdiction</source>
        <translation>在本人辖区内</translation>
    </message>
    <message>
        <source>Related to own duties</source>
        <translation>与本人职责相关</translation>
    </message>
    <message>
        <source>Rectification</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Police number</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>公民身份号码</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>其他需要说明的情况</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>OfficerPage</name>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Save now (Ctrl+S). Changes are also saved automatically.</source>
        <translation>立即保存（Ctrl+S）。修改也会自动保存。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>Your last changes could not be saved: %1</source>
        <translation>最近的修改未能保存：%1</translation>
    </message>
    <message>
        <source>Saved at %1</source>
        <translation>已于 %1 保存</translation>
    </message>
    <message>
        <source>Amend the countersigned declaration?</source>
        <translation>更正已签字背书的登记表？</translation>
    </message>
    <message>
        <source>The unit head has already countersigned this declaration.</source>
        <translation>单位负责人已对本登记表签字背书。</translation>
    </message>
    <message>
        <source>If you change it, your changes become a new version: you must sign it again, and the unit head must countersign it again. Both signatures of the current version stop applying as soon as your first change is saved; that version stays in the history, marked as superseded.</source>
        <translation>如果修改，修改后的内容将成为新的版本：您需要重新签字，单位负责人也需要重新签字背书。第一次保存修改后，当前版本的两个签字即不再适用；该版本保留在历史记录中，标记为“已被更正版本取代”。</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>更正</translation>
    </message>
</context>
<context>
    <name>OptionalDateEdit</name>
    <message>
        <source>No date</source>
        <translation>清除日期</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Sign with your password</source>
        <translation>输入密码签字</translation>
    </message>
    <message>
        <source>Your login password</source>
        <translation>登录密码</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签字</translation>
    </message>
</context>
<context>
    <name>PersonalPage</name>
    <message>
        <source>Personal data</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>This comes from the roster (花名册) and cannot be changed here. If anything is wrong, ask your unit's administrator to correct the roster before you sign.</source>
        <translation>以下信息来自花名册，不能在此修改。如有错误，请在签字前联系本单位管理员更正花名册。</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>职级</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <source>division-level cadre</source>
        <translation>处级干部</translation>
    </message>
    <message>
        <source>leadership member</source>
        <translation>班子成员</translation>
    </message>
    <message>
        <source>unit head</source>
        <translation>单位主要负责人</translation>
    </message>
    <message>
        <source>Yes: %1</source>
        <translation>是：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ProblemList</name>
    <message>
        <source>No problems found: the declaration is complete.</source>
        <translation>未发现问题，登记表已填写完整。</translation>
    </message>
    <message>
        <source>No errors; every warning has been confirmed.</source>
        <translation>没有错误，所有提醒均已确认。</translation>
    </message>
    <message>
        <source>%1 errors and %2 warnings to confirm before signing.</source>
        <translation>签字前需改正 %1 个错误、确认 %2 个提醒。</translation>
    </message>
    <message>
        <source>Go to</source>
        <translation>前往</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Personal data: %1</source>
        <translation>基本信息：%1</translation>
    </message>
    <message>
        <source>%1, row %2 (%3): %4</source>
        <translation>%1 第 %2 条（%3）：%4</translation>
    </message>
</context>
<context>
    <name>QuestionPage</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Enter one row for each enterprise or business. Give the unified social credit code when the business has one; choose the trade from the catalog.</source>
        <translation>每个企业或个体工商户填写一条。有统一社会信用代码的请填写；经营行业请从目录中选择。</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>View…</source>
        <translation>查看…</translation>
    </message>
    <message>
        <source>You answered No, but %1 detail rows are entered under this question. Remove them?</source>
        <translation>您选择了“否”，但此项下已填写 %1 条明细。是否删除这些明细？</translation>
    </message>
    <message>
        <source>Remove the detail rows?</source>
        <translation>删除明细？</translation>
    </message>
    <message>
        <source>Remove the row for %1?</source>
        <translation>删除“%1”这条明细？</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未填名称）</translation>
    </message>
    <message>
        <source>Remove the row?</source>
        <translation>删除明细？</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Check every answer and every row before you sign. Click a question to change it.</source>
        <translation>签字前请逐项核对。点击问题可返回修改。</translation>
    </message>
    <message>
        <source>Anything else the unit head or the inspectors should know</source>
        <translation>需要向单位负责人或纪检组说明的其他情况</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>待处理的问题</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign here (optional)</source>
        <translation>在此手写签名（可选）</translation>
    </message>
</context>
<context>
    <name>SigningFlow</name>
    <message>
        <source>The form still has problems; solve them before signing.</source>
        <translation>登记表还有问题，请处理后再签字。</translation>
    </message>
    <message>
        <source>Enter your password to sign version %1 of your declaration for %2. By signing you make the commitment you have just read.</source>
        <translation>请输入密码，对您在“%2”中的登记表（第 %1 版）签字。签字即作出您刚刚阅读的承诺。</translation>
    </message>
    <message>
        <source>The handwritten signature was not kept: %1</source>
        <translation>手写签名未能保存：%1</translation>
    </message>
    <message>
        <source>Signed. Your declaration now waits for the unit head's review.</source>
        <translation>已签字。登记表正等待单位负责人审核。</translation>
    </message>
    <message>
        <source>Not signed: %1</source>
        <translation>未签字：%1</translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Amend…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Returned by the unit head on %1. Reason: %2</source>
        <translation>单位负责人于 %1 退回。退回原因：%2</translation>
    </message>
    <message>
        <source>Returned earlier, on %1. Reason given then: %2</source>
        <translation>曾于 %1 被退回，当时的原因：%2</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>还剩 %1 天</translation>
    </message>
    <message>
        <source>today is the deadline</source>
        <translation>今天截止</translation>
    </message>
    <message>
        <source>the deadline has passed; a signature now is recorded as late</source>
        <translation>已过截止日期，现在签字将记为逾期</translation>
    </message>
    <message>
        <source>%1 · deadline %2 (%3) · version %4</source>
        <translation>%1 · 截止日期 %2（%3）· 第 %4 版</translation>
    </message>
    <message>
        <source>You are amending a countersigned declaration. Your first change saves it as a new version, which you sign again and the unit head countersigns again.</source>
        <translation>您正在更正已签字背书的登记表。第一次保存修改即生成新版本，需要您重新签字、单位负责人重新签字背书。</translation>
    </message>
    <message>
        <source>Fill in every page, check the review, read the commitment and sign. Your changes are saved automatically.</source>
        <translation>请逐页填写，核对无误后阅读承诺书并签字。修改会自动保存。</translation>
    </message>
    <message>
        <source>Correct the declaration as the unit head asks, then sign it again.</source>
        <translation>请按单位负责人的意见修改登记表，然后重新签字。</translation>
    </message>
    <message>
        <source>You signed on %1. The declaration is waiting for the unit head's review and cannot be changed now; if something is wrong, ask the unit head to return it.</source>
        <translation>您已于 %1 签字。登记表正等待单位负责人审核，现在不能修改；如有错误，请联系单位负责人退回。</translation>
    </message>
    <message>
        <source>The signature was after the deadline.</source>
        <translation>签字时间晚于截止日期。</translation>
    </message>
    <message>
        <source>The unit head countersigned on %1 (opinion: %2). It is read-only; if your situation has changed, click Amend.</source>
        <translation>单位负责人已于 %1 签字背书（意见：%2）。登记表为只读；如情况有变化，请点击“更正”。</translation>
    </message>
    <message>
        <source>This version was replaced by an amendment and is kept only in the history.</source>
        <translation>此版本已被更正版本取代，仅保留在历史记录中。</translation>
    </message>
</context>
<context>
    <name>TradePicker</name>
    <message>
        <source>Search trades, e.g. 旅馆 or hotel</source>
        <translation>搜索行业，如“旅馆”</translation>
    </message>
    <message>
        <source>Choose the trade</source>
        <translation>请选择经营行业</translation>
    </message>
    <message>
        <source>This trade is within the police's regulatory scope (公安机关业务范围内的经营项目).</source>
        <translation>该行业属于公安机关业务范围内的经营项目。</translation>
    </message>
    <message>
        <source>%1 — police-regulated</source>
        <translation>%1（公安监管行业）</translation>
    </message>
</context>
</TS>